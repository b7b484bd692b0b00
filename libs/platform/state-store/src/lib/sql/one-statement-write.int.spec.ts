import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { AuditKey } from '../audit/event-hash';
import { verifyStream } from '../audit/verify-stream';
import { openStateStore } from '../database/state-store-data-source';
import type { NewEvent } from '../event-store/event-types';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import { outboxInsertCte } from '../outbox/outbox-message';
import { StatementParams } from './statement-params';
import { testOutboxMessage } from '../../../fixtures/outbox-messages';

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'test.thing.happened',
  schemaVersion: 1,
  data: { n: 1 },
  occurredAt: '2026-11-24T10:00:00Z',
});

describe('one-statement writes: an append and outbox rows as CTEs of one statement (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  const key = AuditKey.from(randomBytes(32).toString('hex'));

  beforeAll(async () => {
    db = await createIsolatedSchema('one statement');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 4 });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  async function write(store: PostgresEventStore, streamId: string, expected: number | 'no_stream') {
    const params = new StatementParams();
    const append = await store.prepareAppend(params, streamId, expected, [event()]);
    if (!append) return 'unknown head';
    const message = testOutboxMessage(1);
    const outbox = outboxInsertCte(params, [message], { alias: 'baton_outbox', guard: append.guard });
    const rows: Array<{ applied: number }> = await dataSource.query(
      `WITH ${[...append.ctes, outbox].join(', ')} SELECT (SELECT count(*) FROM ${append.guard})::int AS applied`,
      params.values,
    );
    append.settle(rows[0]?.applied === 1);
    const sent = await db.pool.query('SELECT 1 FROM outbox WHERE message_id = $1', [message.messageId]);
    return { applied: rows[0]?.applied === 1, outboxRows: sent.rowCount };
  }

  it('writes events, head and outbox rows together when the head is the remembered one, and nothing when it is stale', async () => {
    const first = new PostgresEventStore(dataSource, key);
    const second = new PostgresEventStore(dataSource, key);
    expect(await write(first, 's-one', 'no_stream')).toEqual({ applied: true, outboxRows: 1 });
    expect(await write(second, 's-one', 'no_stream')).toEqual({ applied: false, outboxRows: 0 });
    expect(await write(first, 's-one', 1)).toEqual({ applied: true, outboxRows: 1 });
    // second never saw version 2: it knows no head for an exact version and prepares nothing.
    expect(await write(second, 's-one', 2)).toBe('unknown head');
    await second.append('s-one', 2, [event()]);
    // first's remembered head (version 2) is stale now: its statement writes nothing at all.
    expect(await write(first, 's-one', 2)).toEqual({ applied: false, outboxRows: 0 });
    expect(await write(first, 's-one', 2)).toBe('unknown head');
    const stored = await first.readStream('s-one');
    expect(stored.map((e) => e.version)).toEqual([1, 2, 3]);
    expect((await verifyStream(dataSource, key, 's-one')).verified).toBe(true);
  });
});
