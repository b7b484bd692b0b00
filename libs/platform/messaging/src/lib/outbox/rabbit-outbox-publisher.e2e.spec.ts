import { Connection } from 'rabbitmq-client';
import { DataSource } from 'typeorm';
import { enqueueOutbox, openStateStore, toOutboxMessage } from '@baton/state-store';
import {
  BuiltProcess,
  createIsolatedSchema,
  IsolatedSchema,
  isolatedBrokerNames,
  startBuiltProcess,
  testEnv,
} from '@baton/testing';
import { buildTopology, queueFor } from '../topology/topology';
import { declareTopology, deleteTopology } from '../topology/declare-topology';
import { testMeta, ThingHappened } from '../../../fixtures/test-messages';

const entry = 'dist/out-tsc/libs/platform/messaging/fixtures/rabbit-relay-process.js';

describe('outbox to RabbitMQ: a relay killed mid-stream and restarted (real PostgreSQL, RabbitMQ and processes)', () => {
  const names = isolatedBrokerNames('rabbit relay');
  const topology = buildTopology({
    vertical: 'relay',
    version: 1,
    namespace: names.prefix,
    commands: [],
    events: ['test.thing.happened'],
  });
  const queue = queueFor(topology, 'test.thing.happened')?.name as string;
  const started: BuiltProcess[] = [];
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let raw: Connection;

  beforeAll(async () => {
    db = await createIsolatedSchema('rabbit relay');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 4 });
    raw = new Connection(testEnv.rabbitmqUrl);
    await declareTopology(raw, topology);
  });
  afterAll(async () => {
    await Promise.all(started.map((process) => process.kill()));
    await deleteTopology(raw, topology);
    await raw.close();
    await names.cleanup();
    await dataSource?.destroy();
    await db?.drop();
  });

  const startRelay = async () => {
    const relay = await startBuiltProcess({
      entry,
      env: { DATABASE_URL: db.databaseUrl, SCHEMA: db.schema, RABBITMQ_URL: testEnv.rabbitmqUrl },
      ready: { outputMatches: /relay ready/ },
    });
    started.push(relay);
    return relay;
  };
  const queued = async () => (await raw.queueDeclare({ queue, passive: true })).messageCount;

  it('every committed row arrives on the queue', async () => {
    const envelopes = Array.from({ length: 1000 }, (_u, n) => ThingHappened.create({ n }, testMeta));
    for (let i = 0; i < envelopes.length; i += 250) {
      await dataSource.transaction((tx) =>
        enqueueOutbox(
          tx,
          envelopes
            .slice(i, i + 250)
            .map((envelope) => toOutboxMessage(envelope, { exchange: topology.eventExchange })),
        ),
      );
    }

    const first = await startRelay();
    const deadline = Date.now() + 20_000;
    while ((await queued()) < 100) {
      if (Date.now() > deadline) throw new Error('relay made no progress');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await first.kill('SIGKILL');
    expect(
      (await db.pool.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL')).rows[0].n,
    ).toBeGreaterThan(0);

    const second = await startRelay();
    const until = Date.now() + 60_000;
    while ((await db.pool.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL')).rows[0].n > 0) {
      if (Date.now() > until) throw new Error('restarted relay did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await second.kill('SIGTERM');

    const arrived = new Set<string>();
    for (
      let message = await raw.basicGet({ queue, noAck: true });
      message;
      message = await raw.basicGet({ queue, noAck: true })
    ) {
      arrived.add(String(message.messageId));
    }
    expect(arrived).toEqual(new Set(envelopes.map((envelope) => envelope.id)));
  });
});
