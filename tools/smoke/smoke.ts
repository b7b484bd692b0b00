// The main job until the loan vertical takes it over: checks configuration and services,
// applies the state store's migrations, commits events and an outbox message in one
// transaction, verifies the audit chain, relays the message to the real broker through the
// messaging library's outbox adapter (confirmed) and consumes it back through its contract. Prints each step and a table.
import { randomUUID } from 'node:crypto';
import { Connection } from 'rabbitmq-client';
import { z } from 'zod';
import {
  assertReachable,
  loadConfig,
  platformEnvSchema,
  postgresDependency,
  rabbitmqDependency,
  redactUrl,
  runMain,
} from '@baton/config';
import { defineMessage, MessageRegistry } from '@baton/contracts';
import { ConfirmedPublisher, decodeBody, RabbitOutboxPublisher } from '@baton/messaging';
import {
  enqueueOutbox,
  loadAuditKey,
  openStateStore,
  OutboxRelay,
  PostgresEventStore,
  toOutboxMessage,
  verifyStream,
} from '@baton/state-store';

const SmokePinged = defineMessage('baton.smoke.pinged', 1, z.strictObject({ note: z.string().min(1) }));

const smokeEnvSchema = platformEnvSchema.extend({
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier')
    .default('baton'),
});

interface StepResult {
  readonly step: string;
  readonly ms: number;
  readonly detail: string;
}

async function timed<T>(results: StepResult[], step: string, run: () => Promise<[T, string]>): Promise<T> {
  process.stdout.write(`smoke: ${step} ... `);
  const started = performance.now();
  const [value, detail] = await run().catch((error: unknown) => {
    process.stdout.write('failed\n');
    throw error;
  });
  const ms = performance.now() - started;
  results.push({ step, ms, detail });
  process.stdout.write(`ok (${ms.toFixed(1)} ms)\n`);
  return value;
}

async function main(): Promise<void> {
  const config = loadConfig(smokeEnvSchema);
  const key = loadAuditKey(process.env);
  const results: StepResult[] = [];
  const registry = new MessageRegistry('smoke').register(SmokePinged);

  await timed(results, 'services reachable', async () => {
    await assertReachable([postgresDependency(config.DATABASE_URL), rabbitmqDependency(config.RABBITMQ_URL)]);
    return [null, `${redactUrl(config.DATABASE_URL)}, ${redactUrl(config.RABBITMQ_URL)}`];
  });
  const dataSource = await timed(results, 'database and migrations', async () => {
    const opened = await openStateStore({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 4 });
    return [opened, `schema ${config.DATABASE_SCHEMA}, ${opened.migrations.length} migration(s) applied or present`];
  });
  const connection = new Connection(config.RABBITMQ_URL);
  const queue = `baton.smoke.${randomUUID()}`;
  try {
    await connection.queueDeclare({ queue, exclusive: true, autoDelete: true });
    const store = new PostgresEventStore(dataSource, key);
    const streamId = `smoke-${randomUUID()}`;
    const envelope = SmokePinged.create(
      { note: 'hello from the smoke scenario' },
      {
        correlationId: streamId,
        tenantId: 'smoke',
        actor: { kind: 'system', id: 'smoke' },
      },
    );

    await timed(results, 'events and outbox in one transaction', async () => {
      await dataSource.transaction(async (tx) => {
        const occurredAt = envelope.occurredAt;
        await store.append(
          streamId,
          'no_stream',
          [
            { eventId: randomUUID(), type: 'smoke.run.started', schemaVersion: 1, data: { streamId }, occurredAt },
            { eventId: envelope.id, type: envelope.type, schemaVersion: 1, data: envelope.payload, occurredAt },
          ],
          tx,
        );
        await enqueueOutbox(tx, [toOutboxMessage(envelope, { exchange: '', routingKey: queue })]);
      });
      return [null, `stream ${streamId}: 2 events, 1 outbox row`];
    });
    await timed(results, 'audit chain verified', async () => {
      const verification = await verifyStream(dataSource, key, streamId);
      if (!verification.verified)
        throw new Error(`audit chain broken: ${verification.problem} at ${verification.version}`);
      return [null, `${verification.events} events verified`];
    });

    let received: (id: string) => void = () => undefined;
    const arrived = new Promise<string>((resolve) => (received = resolve));
    const consumer = connection.createConsumer({ queue, queueOptions: { passive: true } }, (message) => {
      const decoded = decodeBody(message.body);
      const parsed = registry.parse(decoded.ok ? decoded.value : null);
      received(parsed.ok ? parsed.value.envelope.id : `invalid: ${parsed.error.message}`);
    });
    const publisher = new ConfirmedPublisher(connection);
    await timed(results, 'relayed with confirm and consumed', async () => {
      const relay = new OutboxRelay(dataSource, new RabbitOutboxPublisher(publisher));
      const relayed = await relay.drain();
      const id = await arrived;
      if (id.startsWith('invalid')) throw new Error(`the relayed message broke its contract: ${id}`);
      return [null, `${relayed} row(s) relayed; message ${id} consumed and validated`];
    });
    await Promise.all([publisher.close(), consumer.close()]);
  } finally {
    await connection.close();
    await dataSource.destroy();
  }

  console.log('\n| step | ms | result |\n| --- | ---: | --- |');
  for (const result of results) console.log(`| ${result.step} | ${result.ms.toFixed(1)} | ${result.detail} |`);
  console.log('\nsmoke: the platform is up');
}

void runMain(main);
