import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { openStateStore } from '../database/state-store-data-source';
import { AuditKey } from '../audit/event-hash';
import { verifyStream } from '../audit/verify-stream';
import { isConcurrencyError } from '../errors';
import { PostgresEventStore } from './postgres-event-store';
import type { AllCheckpoint, NewEvent, StoredEvent } from './event-types';

const event = (type = 'test.thing.happened', data: unknown = { n: 1 }): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: { correlationId: 'c-1' },
  occurredAt: '2026-11-24T10:00:00.000Z',
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgresEventStore (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createIsolatedSchema('event store');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 12 });
    store = new PostgresEventStore(dataSource, AuditKey.from(randomBytes(32).toString('hex')));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('appends and reads a stream back, hash-chained', async () => {
    const first = await store.append('s-read', 'no_stream', [event('a.b.c', { x: 1 }), event('a.b.d', { y: [1, 2] })]);
    expect(first.nextExpectedVersion).toBe(2);
    await store.append('s-read', 2, [event('a.b.e')]);
    const read = await store.readStream('s-read');
    expect(read.map((e) => [e.version, e.type])).toEqual([
      [1, 'a.b.c'],
      [2, 'a.b.d'],
      [3, 'a.b.e'],
    ]);
    expect(read[1]?.data).toEqual({ y: [1, 2] });
    expect(read[1]?.prevHash).toBe(read[0]?.hash);
    expect((await store.readStream('s-read', 3)).map((e) => e.version)).toEqual([3]);
  });

  it('enforces each expected-version form', async () => {
    await expect(store.append('s-forms', 'stream_exists', [event()])).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      actual: null,
    });
    await store.append('s-forms', 'no_stream', [event()]);
    await expect(store.append('s-forms', 'no_stream', [event()])).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      actual: 1,
    });
    await expect(store.append('s-forms', 2, [event()])).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      actual: 1,
    });
    await store.append('s-forms', 'stream_exists', [event()]);
    await store.append('s-forms', 2, [event()]);
    expect((await store.readStream('s-forms')).length).toBe(3);
  });

  it('appends in one statement from a remembered head, and falls back to the locked path when the hint is stale', async () => {
    const key = AuditKey.from(randomBytes(32).toString('hex'));
    const first = new PostgresEventStore(dataSource, key);
    const second = new PostgresEventStore(dataSource, key);
    await first.append('s-hint', 'no_stream', [event()]);
    await second.append('s-hint', 1, [event()]); // first's remembered head is now stale
    await expect(first.append('s-hint', 1, [event()])).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      actual: 2,
    });
    await first.append('s-hint', 2, [event()]);
    // A transaction that rolls back after its append leaves a remembered head that never committed.
    await expect(
      dataSource.transaction(async (tx) => {
        await first.append('s-hint', 3, [event()], tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await second.append('s-hint', 3, [event()]);
    await first.append('s-hint', 4, [event()]);
    const stored = await first.readStream('s-hint');
    expect(stored.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    expect(stored.every((e, i) => i === 0 || e.prevHash === stored[i - 1]?.hash)).toBe(true);
    expect((await verifyStream(dataSource, key, 's-hint')).verified).toBe(true);
  });

  it('is backed by a unique constraint, not only by code', async () => {
    await store.append('s-unique', 'no_stream', [event()]);
    await expect(
      dataSource.query(
        `INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
         VALUES ('s-unique', 1, $1, 'x.y', 1, '{}', '{}', now(), $2, $2)`,
        [randomUUID(), '0'.repeat(64)],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('lets exactly one of many concurrent writers win each version: no gaps, no duplicates', async () => {
    const writers = 8;
    const appendsEach = 15;
    let conflicts = 0;
    const written: string[] = [];
    await Promise.all(
      Array.from({ length: writers }, async (_unused, writer) => {
        for (let done = 0; done < appendsEach;) {
          const current = await store.readStream('s-race');
          const expected = current.length === 0 ? ('no_stream' as const) : current.length;
          const candidate = event('race.step.taken', { writer });
          try {
            await store.append('s-race', expected, [candidate]);
            written.push(candidate.eventId);
            done += 1;
          } catch (error) {
            if (!isConcurrencyError(error)) throw error;
            conflicts += 1;
          }
        }
      }),
    );
    const stream = await store.readStream('s-race');
    expect(stream.map((e) => e.version)).toEqual(Array.from({ length: writers * appendsEach }, (_u, i) => i + 1));
    expect(new Set(stream.map((e) => e.eventId))).toEqual(new Set(written));
    expect(conflicts).toBeGreaterThan(0);
  });

  it('readAll misses no event when concurrent writers commit out of order', async () => {
    const seen: StoredEvent[] = [];
    let checkpoint: AllCheckpoint | null = null;
    let writing = true;
    const reader = (async () => {
      for (;;) {
        // Read once more after the writers finish: only an empty read after that ends it.
        const finished = !writing;
        const batch = await store.readAll(checkpoint, 50);
        seen.push(...batch);
        checkpoint = batch.at(-1)?.checkpoint ?? checkpoint;
        if (finished && batch.length === 0) break;
        if (batch.length === 0) await sleep(5);
      }
    })();
    const before = new Set((await allEvents()).map((e) => e.eventId));
    const appended: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_unused, writer) => {
        for (let i = 0; i < 20; i++) {
          const candidate = event('feed.item.added', { writer, i });
          // Hold the transaction open for a random while after writing, so commits interleave
          // out of position order.
          await dataSource.transaction(async (tx) => {
            await store.append(`s-feed-${writer}`, i === 0 ? 'no_stream' : i, [candidate], tx);
            await sleep(Math.random() * 15);
          });
          appended.push(candidate.eventId);
        }
      }),
    );
    writing = false;
    await reader;
    const fresh = seen.filter((e) => !before.has(e.eventId)).map((e) => e.eventId);
    expect(fresh.length).toBe(appended.length);
    expect(new Set(fresh)).toEqual(new Set(appended));
  });

  it('keeps a late-committing transaction visible after a checkpoint handed out before it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const late = event('late.thing.happened');
    const lateCommit = dataSource.transaction(async (tx) => {
      await store.append('s-late', 'no_stream', [late], tx);
      await held;
    });
    await sleep(50);
    await store.append('s-early', 'no_stream', [event('early.thing.happened')]);
    const firstRead = await allEvents();
    expect(firstRead.map((e) => e.eventId)).not.toContain(late.eventId);
    const checkpoint = firstRead.at(-1)?.checkpoint ?? null;
    release();
    await lateCommit;
    const after = await drain(checkpoint);
    expect(after.map((e) => e.eventId)).toContain(late.eventId);
  });

  async function drain(from: AllCheckpoint | null): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    let checkpoint = from;
    for (;;) {
      const batch = await store.readAll(checkpoint, 500);
      if (batch.length === 0) return out;
      out.push(...batch);
      checkpoint = batch.at(-1)?.checkpoint ?? checkpoint;
    }
  }

  function allEvents(): Promise<StoredEvent[]> {
    return drain(null);
  }
});
