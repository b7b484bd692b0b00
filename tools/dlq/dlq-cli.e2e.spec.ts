import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Controller, INestMicroservice, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Connection } from 'rabbitmq-client';
import { z } from 'zod';
import { defineMessage, Envelope, MessageRegistry } from '@baton/contracts';
import {
  BatonRmqServer,
  BatonRpcExceptionFilter,
  buildTopology,
  ConfirmedPublisher,
  declareTopology,
  envelopeHeaders,
  queueFor,
  QueueSpec,
  deleteTopology,
} from '@baton/messaging';
import { isolatedBrokerNames, testEnv } from '@baton/testing';
import { resolveVertical } from '../verticals';
import { repoRoot, listedVerticals } from '../workspace/workspace-paths';

const WorkRequested = defineMessage('test.dlq.work', 1, z.strictObject({ job: z.string().min(1) }));
const ThingNoted = defineMessage('test.dlq.noted', 1, z.strictObject({ n: z.int().nonnegative() }));
const meta = { correlationId: 'corr-dlq', tenantId: 'tenant-test', actor: { kind: 'system' as const, id: 'test' } };

/** The bug and its fix: the work handler crashes while `broken` is set. */
@Injectable()
class Worker {
  broken = true;
  readonly attempts = new Map<string, number>();
  readonly done: string[] = [];
}

@Controller()
class WorkHandlers {
  constructor(private readonly worker: Worker) {}

  @MessagePattern('test.dlq.work')
  work(@Payload() envelope: Envelope<{ job: string }>) {
    this.worker.attempts.set(envelope.id, (this.worker.attempts.get(envelope.id) ?? 0) + 1);
    if (this.worker.broken) throw new Error('work handler crashed');
    this.worker.done.push(envelope.id);
  }

  @EventPattern('test.dlq.noted')
  noted() {
    return undefined;
  }
}

@Module({ controllers: [WorkHandlers], providers: [Worker] })
class WorkModule {}

/** Runs the built CLI without blocking this process, whose Nest app must keep consuming. */
function runDlq(env: Record<string, string>, ...args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', join(repoRoot, 'tools/runtime/register.js'), join(repoRoot, 'dist/out-tsc/tools/dlq/dlq-cli.js'), ...args],
      { cwd: repoRoot, env: { ...process.env, RABBITMQ_URL: testEnv.rabbitmqUrl, ...env } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (status) => resolve({ status, output }));
  });
}

async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm run dlq -- list|show|replay (built CLI, real RabbitMQ)', () => {
  const names = isolatedBrokerNames('dlq cli');
  const topology = buildTopology({
    vertical: 'dlq',
    version: 1,
    namespace: names.prefix,
    commands: ['test.dlq.work'],
    events: ['test.dlq.noted'],
  });
  const command = queueFor(topology, 'test.dlq.work') as QueueSpec;
  const event = queueFor(topology, 'test.dlq.noted') as QueueSpec;
  const poison = WorkRequested.create({ job: 'reindex' }, meta);
  let app: INestMicroservice;
  let raw: Connection;
  let publisher: ConfirmedPublisher;

  const dlq = (...args: string[]) => runDlq({}, ...args);
  const depth = async (queue: string) => (await raw.queueDeclare({ queue, passive: true })).messageCount;

  beforeAll(async () => {
    app = await NestFactory.createMicroservice(WorkModule, {
      strategy: new BatonRmqServer({
        url: testEnv.rabbitmqUrl,
        topology,
        registry: new MessageRegistry('dlq-test').register(WorkRequested, ThingNoted),
      }),
      logger: false,
    });
    app.useGlobalFilters(new BatonRpcExceptionFilter());
    await app.listen();
    raw = new Connection(testEnv.rabbitmqUrl);
    publisher = new ConfirmedPublisher(raw);
  });

  afterAll(async () => {
    await publisher?.close();
    await app?.close();
    await deleteTopology(raw, topology);
    await raw?.close();
    await names.cleanup();
  });

  it('lists and shows a poison message after the delivery limit, and leaves it in the DLQ', async () => {
    await publisher.publish({
      exchange: topology.commandExchange,
      routingKey: 'test.dlq.work',
      messageId: poison.id,
      correlationId: poison.correlationId,
      body: JSON.stringify(poison),
      headers: envelopeHeaders(poison),
    });
    await eventually('the poison message is dead-lettered', async () => (await depth(command.deadLetterQueue)) === 1);
    expect(app.get(Worker).attempts.get(poison.id)).toBe(topology.deliveryLimit + 1);

    const listed = await dlq('list', command.name);
    expect(listed.status).toBe(0);
    expect(listed.output).toMatch(
      new RegExp(
        `\\| ${poison.id} \\| test\\.dlq\\.work \\| delivery_limit \\| \\d{4}-\\d\\d-\\d\\dT[^|]+ \\| ${topology.commandExchange} \\| test\\.dlq\\.work \\|`,
      ),
    );
    expect(listed.output).toContain(`dlq: 1 message(s) in ${command.deadLetterQueue}, left in place`);
    await eventually(
      'the listed message is back in the DLQ',
      async () => (await depth(command.deadLetterQueue)) === 1,
      10_000,
    );

    const shown = await dlq('show', command.deadLetterQueue, poison.id);
    expect(shown.status).toBe(0);
    expect(shown.output).toContain(`## ${poison.id}`);
    expect(shown.output).toContain(`| original queue | ${command.name} |`);
    expect(shown.output).toContain(`| correlation id | ${poison.correlationId} |`);
    expect(shown.output).toMatch(
      new RegExp(`\\| delivery_limit \\| ${command.name} \\| ${topology.commandExchange} \\| test\\.dlq\\.work \\|`),
    );
    expect(shown.output).toContain('"job": "reindex"');
    await eventually(
      'the shown message is back in the DLQ',
      async () => (await depth(command.deadLetterQueue)) === 1,
      10_000,
    );
  });

  it('shows why a message broke its contract', async () => {
    const invalid = { ...ThingNoted.create({ n: 1 }, meta), payload: { n: -1 } };
    await publisher.publish({
      exchange: topology.eventExchange,
      routingKey: 'test.dlq.noted',
      messageId: invalid.id,
      body: JSON.stringify(invalid),
    });
    await eventually('the invalid event is dead-lettered', async () => (await depth(event.deadLetterQueue)) === 1);

    const listed = await dlq('list', event.name);
    expect(listed.status).toBe(0);
    expect(listed.output).toMatch(
      new RegExp(
        `\\| ${invalid.id} \\| test\\.dlq\\.noted \\| CONTRACT_VIOLATION \\| [^|]+ \\| ${topology.eventExchange} \\| test\\.dlq\\.noted \\|`,
      ),
    );

    const shown = await dlq('show', event.name);
    expect(shown.output).toMatch(/\| payload\.n \| too_small \|/);
    expect(shown.output).toContain(`| original queue | ${event.name} |`);
    await eventually(
      'the invalid event is back in the DLQ',
      async () => (await depth(event.deadLetterQueue)) === 1,
      10_000,
    );
  });

  it('fails a replay that nothing would receive, and keeps the message', async () => {
    await raw.queueUnbind({ queue: event.name, exchange: topology.eventExchange, routingKey: event.pattern });
    try {
      const replayed = await dlq('replay', event.name);
      expect(replayed.status).toBe(1);
      expect(replayed.output).toMatch(/failed: .*was returned: 312 NO_ROUTE/);
      expect(replayed.output).toContain('dlq: replayed 0 of 1 message(s)');
    } finally {
      await raw.queueBind({ queue: event.name, exchange: topology.eventExchange, routingKey: event.pattern });
    }
    await eventually(
      'the unroutable message is back in the DLQ',
      async () => (await depth(event.deadLetterQueue)) === 1,
      10_000,
    );
  });

  it('refuses unknown message ids and queues', async () => {
    const missing = await dlq('replay', command.name, 'no-such-id');
    expect(missing.status).toBe(1);
    expect(missing.output).toContain(`dlq: no message no-such-id among the 1 in ${command.deadLetterQueue}`);
    const noQueue = await dlq('list', names.queue('never-declared'));
    expect(noQueue.status).toBe(1);
    expect(noQueue.output).toContain('dlq: no queue');
    expect((await dlq('purge', command.name)).status).toBe(2);
  });

  it('replays the poison message after the fix, which then succeeds', async () => {
    const worker = app.get(Worker);
    worker.broken = false;
    const replayed = await dlq('replay', command.name, poison.id);
    expect(replayed.status).toBe(0);
    expect(replayed.output).toContain(`| ${poison.id} | ${topology.commandExchange} | test.dlq.work | replayed |`);
    expect(replayed.output).toContain(`dlq: replayed 1 of 1 message(s) from ${command.deadLetterQueue}, 0 failed`);
    await eventually('the handler succeeds for the replayed message', () => worker.done.includes(poison.id), 15_000);
    expect(await depth(command.deadLetterQueue)).toBe(0);
    expect(await depth(command.name)).toBe(0);
  });
});

describe('npm run dlq -- list (every dead-letter queue of a vertical, built CLI, real RabbitMQ)', () => {
  const names = isolatedBrokerNames('dlq list');
  const { vertical } = resolveVertical('loan');
  const topology = vertical.topology(names.prefix);
  const deadLetterQueues = [
    ...topology.queues.map((spec) => spec.deadLetterQueue),
    topology.continuation.deadLetterQueue,
  ];
  const poisoned = topology.queues[0] as QueueSpec;
  let raw: Connection;

  beforeAll(async () => {
    raw = new Connection(testEnv.rabbitmqUrl);
    await declareTopology(raw, topology);
    // Two messages dead-lettered the way the broker does it: to the DLX, keyed by the source queue.
    const publisher = new ConfirmedPublisher(raw);
    try {
      for (const n of [1, 2])
        await publisher.publish({
          exchange: topology.deadLetterExchange,
          routingKey: poisoned.name,
          messageId: `poison-${n}`,
          body: JSON.stringify({ n }),
        });
    } finally {
      await publisher.close();
    }
  });
  afterAll(async () => {
    if (raw) {
      await deleteTopology(raw, topology);
      await raw.close();
    }
    await names.cleanup();
  });

  it('lists every dead-letter queue of the vertical with its message count, and the total', async () => {
    const listed = await runDlq({ BROKER_NAMESPACE: names.prefix }, 'list', '--vertical', 'loan');
    expect(listed.status).toBe(0);
    expect(deadLetterQueues).toHaveLength(topology.queues.length + 1);
    for (const queue of deadLetterQueues)
      expect(listed.output).toContain(`| ${queue} | ${queue === poisoned.deadLetterQueue ? 2 : 0} |`);
    expect(listed.output.match(/^\| [^|]+\.dlq \| /gm)).toHaveLength(deadLetterQueues.length);
    expect(listed.output).toContain(
      `dlq: 2 message(s) in the ${deadLetterQueues.length} dead-letter queue(s) of loan\n`,
    );
    // Counting leaves the messages where they are.
    expect((await raw.queueDeclare({ queue: poisoned.deadLetterQueue, passive: true })).messageCount).toBe(2);
  });

  it('shows queues not declared yet as absent, and refuses a vertical that does not exist', async () => {
    const undeclared = `${names.prefix}.undeclared`;
    const listed = await runDlq({ BROKER_NAMESPACE: undeclared }, 'list', '--vertical', 'loan');
    expect(listed.status).toBe(0);
    for (const queue of vertical.topology(undeclared).queues)
      expect(listed.output).toContain(`| ${queue.deadLetterQueue} | absent |`);
    expect(listed.output).toContain(`, ${deadLetterQueues.length} absent (not declared yet)`);

    const unknown = await runDlq({ BROKER_NAMESPACE: names.prefix }, 'list', '--vertical', 'nope');
    expect(unknown).toEqual({
      status: 2,
      output: `baton: no vertical "nope"; the verticals are: ${listedVerticals()}\n`,
    });
  });
});
