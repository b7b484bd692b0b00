import { DataSource } from 'typeorm';
import { BuiltProcess, createIsolatedSchema, IsolatedSchema, startBuiltProcess } from '@baton/testing';
import { openStateStore } from '../database/state-store-data-source';
import { enqueueOutbox, OutboxMessage } from './outbox-message';
import { testOutboxMessage } from '../../../fixtures/outbox-messages';
import { SINK_TABLE_SQL } from '../../../fixtures/sink-publisher';

const entry = 'dist/out-tsc/libs/platform/state-store/fixtures/relay-process.js';

const message = (n: number): OutboxMessage => testOutboxMessage(n);

describe('outbox relay process killed by SIGKILL mid-batch (real PostgreSQL, real processes)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  const started: BuiltProcess[] = [];

  beforeAll(async () => {
    db = await createIsolatedSchema('relay sigkill');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 4 });
    await db.pool.query(SINK_TABLE_SQL);
  });
  afterAll(async () => {
    await Promise.all(started.map((process) => process.kill()));
    await dataSource?.destroy();
    await db?.drop();
  });

  const startRelay = async () => {
    const relay = await startBuiltProcess({
      entry,
      // The killed relay's claim lapses after LEASE_MS; the restarted one then takes its rows.
      env: {
        DATABASE_URL: db.databaseUrl,
        SCHEMA: db.schema,
        PUBLISH_DELAY_MS: '20',
        BATCH_SIZE: '50',
        LEASE_MS: '1000',
      },
      ready: { outputMatches: /relay ready/ },
    });
    started.push(relay);
    return relay;
  };

  it('loses nothing: after a restart every committed row arrives, each at least once', async () => {
    const batch = Array.from({ length: 300 }, (_u, n) => message(n));
    await dataSource.transaction((tx) => enqueueOutbox(tx, batch));

    const first = await startRelay();
    // Kill it once it is inside a batch: some rows published, their batch not yet marked sent.
    const deadline = Date.now() + 20_000;
    while ((await db.pool.query('SELECT count(*)::int AS n FROM sink')).rows[0].n < 60) {
      if (Date.now() > deadline) throw new Error('relay made no progress');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await first.kill('SIGKILL');
    const unsentAfterKill = (await db.pool.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL')).rows[0]
      .n;
    expect(unsentAfterKill).toBeGreaterThan(0);

    const second = await startRelay();
    const until = Date.now() + 60_000;
    while ((await db.pool.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL')).rows[0].n > 0) {
      if (Date.now() > until) throw new Error('restarted relay did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await second.stop();

    const delivered = (
      await db.pool.query<{ message_id: string; n: number }>(
        'SELECT message_id, count(*)::int AS n FROM sink GROUP BY message_id',
      )
    ).rows;
    // At least once, never lost: rows of the killed batch may have been published twice.
    expect(new Set(delivered.map((row) => row.message_id))).toEqual(new Set(batch.map((m) => m.messageId)));
  });
});
