import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, FaultProxy, IsolatedSchema, rowsLockableNow } from '@baton/testing';
import { createStateStoreDataSource, openStateStore } from '../database/state-store-data-source';
import { AuditKey } from '../audit/event-hash';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import { enqueueOutbox, OutboxMessage } from './outbox-message';
import { OutboxRelay } from './outbox-relay';
import { testOutboxMessage } from '../../../fixtures/outbox-messages';
import { SINK_TABLE_SQL, SinkPublisher } from '../../../fixtures/sink-publisher';

const message = (n: number): OutboxMessage => testOutboxMessage(n, { 'x-test': String(n) });

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('outbox and relay (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createIsolatedSchema('outbox relay');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 6 });
    await db.pool.query(SINK_TABLE_SQL);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE sink');
    await db.pool.query('UPDATE outbox SET sent_at = now() WHERE sent_at IS NULL');
  });

  const counts = async () =>
    (
      await db.pool.query<{ message_id: string; n: number }>(
        'SELECT message_id, count(*)::int AS n FROM sink GROUP BY message_id',
      )
    ).rows;

  it('a rolled-back transaction leaves no outbox row', async () => {
    const rolledBack = message(1);
    await expect(
      dataSource.transaction(async (tx) => {
        await enqueueOutbox(tx, [rolledBack]);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    const found = await db.pool.query('SELECT 1 FROM outbox WHERE message_id = $1', [rolledBack.messageId]);
    expect(found.rowCount).toBe(0);
  });

  it('commits an event and its message together, and marks the row sent only after publishing', async () => {
    const store = new PostgresEventStore(dataSource, AuditKey.from(randomBytes(32).toString('hex')));
    const outgoing = message(2);
    await dataSource.transaction(async (tx) => {
      await store.append(
        `run-${randomUUID()}`,
        'no_stream',
        [
          {
            eventId: randomUUID(),
            type: 'run.step.scheduled',
            schemaVersion: 1,
            data: {},
            occurredAt: '2026-11-24T10:00:00Z',
          },
        ],
        tx,
      );
      await enqueueOutbox(tx, [outgoing]);
    });
    const failing = new OutboxRelay(dataSource, { publish: async () => Promise.reject(new Error('broker said no')) });
    expect(await failing.relayOnce()).toBe(0);
    const [row] = (
      await db.pool.query('SELECT sent_at, attempts, last_error FROM outbox WHERE message_id = $1', [
        outgoing.messageId,
      ])
    ).rows;
    expect(row).toMatchObject({ sent_at: null, attempts: 1, last_error: 'broker said no' });

    const relay = new OutboxRelay(dataSource, new SinkPublisher(db.pool, 'one'));
    expect(await relay.drain()).toBe(1);
    expect(await counts()).toEqual([{ message_id: outgoing.messageId, n: 1 }]);
    expect(await relay.lagSeconds()).toBe(0);
  });

  it('prunes rows sent longer ago than its retention, and never an unsent one', async () => {
    const [old, recent, unsent] = [message(41), message(42), message(43)];
    await dataSource.transaction((tx) => enqueueOutbox(tx, [old, recent, unsent]));
    await db.pool.query(`UPDATE outbox SET sent_at = now() - interval '2 hours' WHERE message_id = $1`, [
      old.messageId,
    ]);
    await db.pool.query(`UPDATE outbox SET sent_at = now() - interval '5 minutes' WHERE message_id = $1`, [
      recent.messageId,
    ]);
    await db.pool.query(
      `UPDATE outbox SET sent_at = NULL, created_at = now() - interval '3 hours' WHERE message_id = $1`,
      [unsent.messageId],
    );
    const relay = new OutboxRelay(dataSource, new SinkPublisher(db.pool, 'prune'), { retainSentMs: 3_600_000 });
    expect(await relay.pruneSent()).toBeGreaterThanOrEqual(1);
    const left = (
      await db.pool.query<{ message_id: string }>('SELECT message_id FROM outbox WHERE message_id = ANY($1)', [
        [old.messageId, recent.messageId, unsent.messageId],
      ])
    ).rows.map((row) => row.message_id);
    expect(left.sort()).toEqual([recent.messageId, unsent.messageId].sort());
  });

  it('is woken by NOTIFY on its schema channel, long before its poll interval', async () => {
    const relay = new OutboxRelay(dataSource, new SinkPublisher(db.pool, 'notified'), { pollIntervalMs: 3_600_000 });
    expect(relay.channel).toBe(`baton_outbox_${db.schema}`);
    await relay.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await dataSource.transaction((tx) => enqueueOutbox(tx, [message(3)]));
      await waitFor(async () => (await counts()).length === 1, 10_000);
    } finally {
      await relay.stop();
    }
  });

  it("publishes with no transaction open: a row in flight stays lockable, and a dead relay's claim lapses to another", async () => {
    const stuck = message(9001);
    await dataSource.transaction((tx) => enqueueOutbox(tx, [stuck]));
    let lockable: boolean | null = null;
    let release!: () => void;
    const hanging = new OutboxRelay(
      dataSource,
      {
        publish: async () => {
          lockable = await rowsLockableNow(db.pool, 'SELECT 1 FROM outbox WHERE message_id = $1', [stuck.messageId]);
          // The broker never answers: this relay is as good as dead.
          await new Promise<void>((resolve) => (release = resolve));
          throw new Error('gave up');
        },
      },
      { leaseMs: 300 },
    );
    const inFlight = hanging.relayOnce();
    await waitFor(async () => lockable !== null);
    expect(lockable).toBe(true);

    const other = new OutboxRelay(dataSource, new SinkPublisher(db.pool, 'other'));
    expect(await other.relayOnce()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await other.relayOnce()).toBe(1);
    expect((await counts()).map((row) => row.message_id)).toEqual([stuck.messageId]);
    release();
    expect(await inFlight).toBe(0);
    const row = await db.pool.query('SELECT sent_at IS NOT NULL AS sent FROM outbox WHERE message_id = $1', [
      stuck.messageId,
    ]);
    expect(row.rows[0].sent).toBe(true);
  });

  it('two relays at once publish each row exactly once', async () => {
    const batch = Array.from({ length: 400 }, (_u, n) => message(n));
    for (let i = 0; i < batch.length; i += 100)
      await dataSource.transaction((tx) => enqueueOutbox(tx, batch.slice(i, i + 100)));
    const relays = [
      new OutboxRelay(dataSource, new SinkPublisher(db.pool, 'a', 1), { batchSize: 20, pollIntervalMs: 50 }),
      new OutboxRelay(dataSource, new SinkPublisher(db.pool, 'b', 1), { batchSize: 20, pollIntervalMs: 50 }),
    ];
    await Promise.all(relays.map((relay) => relay.start()));
    try {
      await waitFor(async () => (await counts()).length === batch.length);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
    }
    const delivered = await counts();
    expect(delivered.every((row) => row.n === 1)).toBe(true);
    expect(new Set(delivered.map((row) => row.message_id))).toEqual(new Set(batch.map((m) => m.messageId)));
    const byRelay = (await db.pool.query('SELECT relay, count(*)::int AS n FROM sink GROUP BY relay ORDER BY relay'))
      .rows;
    expect(byRelay.map((row) => row.relay)).toEqual(['a', 'b']);
  });

  it('loses no committed event or row when the connection is cut during appends and relaying', async () => {
    const proxy = await FaultProxy.start({
      host: new URL(db.databaseUrl).hostname,
      port: Number(new URL(db.databaseUrl).port || 5432),
    });
    // Timeouts: a call caught by a cut must fail and be retried, not wait on a dead socket.
    const viaProxy = createStateStoreDataSource({
      url: proxy.rewrite(db.databaseUrl),
      schema: db.schema,
      poolSize: 4,
      timeouts: { connectMs: 2000, queryMs: 2000 },
    });
    await viaProxy.initialize();
    const store = new PostgresEventStore(viaProxy, AuditKey.from(randomBytes(32).toString('hex')));
    // A claim whose reply the cut swallowed stays reserved for its lease: keep it short here.
    const relay = new OutboxRelay(viaProxy, new SinkPublisher(db.pool, 'proxied'), {
      batchSize: 10,
      pollIntervalMs: 50,
      leaseMs: 500,
    });
    await relay.start();
    const streamId = `faulty-${randomUUID()}`;
    const headVersion = async () =>
      Number(
        (await db.pool.query<{ version: string }>('SELECT version FROM stream_heads WHERE stream_id = $1', [streamId]))
          .rows[0]?.version ?? 0,
      );
    // Every 120 ms: a fresh connection through the proxy takes 20-25 ms on a busy 2-core machine,
    // so a cut every 40 ms starved every transaction and the loop never reached one commit.
    const cutter = setInterval(() => proxy.cutAll(), 120);
    try {
      // Whether a commit cut mid-flight took effect is for the server to say: each attempt
      // expects the version the server holds, and the stream itself is the record of what
      // committed.
      for (let version = 0; version < 100; version = await headVersion()) {
        const outgoing = message(version);
        await viaProxy
          .transaction(async (tx) => {
            await store.append(
              streamId,
              version === 0 ? 'no_stream' : version,
              [
                {
                  eventId: outgoing.messageId,
                  type: 'faulty.thing.done',
                  schemaVersion: 1,
                  data: {},
                  occurredAt: '2026-11-24T10:00:00Z',
                },
              ],
              tx,
            );
            await enqueueOutbox(tx, [outgoing]);
          })
          .catch(() => new Promise((resolve) => setTimeout(resolve, 20)));
      }
    } finally {
      clearInterval(cutter);
    }
    const committed = (
      await new PostgresEventStore(dataSource, AuditKey.from(randomBytes(32).toString('hex'))).readStream(streamId)
    ).map((e) => e.eventId);
    expect(committed.length).toBeGreaterThanOrEqual(100);
    const rows = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE message_id = ANY($1::uuid[])',
      [committed],
    );
    expect(rows.rows[0]?.n).toBe(committed.length);
    await waitFor(async () => {
      const { rows } = await db.pool.query<{ n: number }>(
        'SELECT count(DISTINCT message_id)::int AS n FROM sink WHERE message_id = ANY($1::uuid[])',
        [committed],
      );
      return rows[0]?.n === committed.length;
    });
    await relay.stop();
    await viaProxy.destroy();
    await proxy.stop();
    expect(proxy.stats().cut).toBeGreaterThan(0);
  });
});
