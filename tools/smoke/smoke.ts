// The main job until the loan vertical takes it over: checks configuration and services,
// creates the database if missing, and runs one message through the platform libraries and
// the real broker. Prints each step and a closing table.
import { Client } from 'pg';
import { Connection } from 'rabbitmq-client';
import { z } from 'zod';
import { assertReachable, loadConfig, platformEnvSchema, postgresDependency, rabbitmqDependency, redactUrl, runMain } from '@baton/config';
import { defineMessage, MessageRegistry } from '@baton/contracts';

const SmokePinged = defineMessage('baton.smoke.pinged', 1, z.strictObject({ note: z.string().min(1) }));

interface StepResult {
  readonly step: string;
  readonly ms: number;
  readonly detail: string;
}

async function timed(results: StepResult[], step: string, run: () => Promise<string>): Promise<void> {
  process.stdout.write(`smoke: ${step} ... `);
  const started = performance.now();
  const detail = await run().catch((error: unknown) => {
    process.stdout.write('failed\n');
    throw error;
  });
  const ms = performance.now() - started;
  results.push({ step, ms, detail });
  process.stdout.write(`ok (${ms.toFixed(1)} ms)\n`);
}

async function ensureDatabase(databaseUrl: string): Promise<string> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return `database ${name} exists`;
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return `database ${name} created`;
  } finally {
    await admin.end();
  }
}

async function roundTrip(rabbitmqUrl: string, registry: MessageRegistry): Promise<string> {
  const connection = new Connection(rabbitmqUrl);
  const queue = `baton.smoke.${process.pid}.${Date.now()}`;
  try {
    await connection.queueDeclare({ queue, exclusive: true, autoDelete: true });
    let consumer: ReturnType<Connection['createConsumer']> | undefined;
    const received = new Promise<string>((resolve, reject) => {
      consumer = connection.createConsumer({ queue, queueOptions: { passive: true } }, (message) => {
        const parsed = registry.parse(JSON.parse(String(message.body)));
        if (parsed.ok) resolve(parsed.value.envelope.id);
        else reject(parsed.error);
      });
    });
    const envelope = SmokePinged.create({ note: 'hello from the smoke scenario' }, {
      correlationId: `smoke-${Date.now()}`,
      tenantId: 'smoke',
      actor: { kind: 'system', id: 'smoke' },
    });
    const publisher = connection.createPublisher({ confirm: true, maxAttempts: 1 });
    await publisher.send({ routingKey: queue, durable: false, mandatory: true }, JSON.stringify(envelope));
    const id = await received;
    await Promise.all([publisher.close(), consumer?.close()]);
    return `message ${id} published with confirm, consumed and validated`;
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const config = loadConfig(platformEnvSchema);
  const results: StepResult[] = [];
  await timed(results, 'services reachable', async () => {
    await assertReachable([postgresDependency(config.DATABASE_URL), rabbitmqDependency(config.RABBITMQ_URL)]);
    return `${redactUrl(config.DATABASE_URL)}, ${redactUrl(config.RABBITMQ_URL)}`;
  });
  await timed(results, 'database ready', () => ensureDatabase(config.DATABASE_URL));
  const registry = new MessageRegistry('smoke').register(SmokePinged);
  await timed(results, 'message round trip', () => roundTrip(config.RABBITMQ_URL, registry));

  console.log('\n| step | ms | result |\n| --- | ---: | --- |');
  for (const result of results) console.log(`| ${result.step} | ${result.ms.toFixed(1)} | ${result.detail} |`);
  console.log('\nsmoke: the platform is up');
}

void runMain(main);
