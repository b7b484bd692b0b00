import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { openStateStore } from '../database/state-store-data-source';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import { AuditKey } from './event-hash';
import { verifyAllStreams, verifyStream } from './verify-stream';

describe('verifyStream: tampering with events is detected (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const key = AuditKey.from(randomBytes(32).toString('hex'));

  beforeAll(async () => {
    db = await createIsolatedSchema('audit verify');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 4 });
    store = new PostgresEventStore(dataSource, key);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  async function freshStream(events = 5): Promise<string> {
    const streamId = `audit-${randomUUID()}`;
    const batch = Array.from({ length: events }, (_u, i) => ({
      eventId: randomUUID(),
      type: 'loan.step.recorded',
      schemaVersion: 1,
      data: { step: i, amount: 1000 + i },
      occurredAt: new Date(Date.UTC(2026, 10, 24, 10, 0, i)).toISOString(),
    }));
    await store.append(streamId, 'no_stream', batch);
    return streamId;
  }

  it('verifies an untouched stream', async () => {
    const streamId = await freshStream();
    await expect(verifyStream(dataSource, key, streamId)).resolves.toEqual({ streamId, verified: true, events: 5 });
  });

  it('finds a changed event', async () => {
    const streamId = await freshStream();
    await dataSource.query(
      `UPDATE events SET data = jsonb_set(data, '{amount}', '999999') WHERE stream_id = $1 AND version = 3`,
      [streamId],
    );
    await expect(verifyStream(dataSource, key, streamId)).resolves.toMatchObject({
      verified: false,
      problem: 'changed',
      version: 3,
    });
  });

  it('finds a deleted event in the middle', async () => {
    const streamId = await freshStream();
    await dataSource.query('DELETE FROM events WHERE stream_id = $1 AND version = 2', [streamId]);
    await expect(verifyStream(dataSource, key, streamId)).resolves.toMatchObject({
      verified: false,
      problem: 'deleted',
      version: 2,
    });
  });

  it('finds deleted last events through the stream head', async () => {
    const streamId = await freshStream();
    await dataSource.query('DELETE FROM events WHERE stream_id = $1 AND version >= 4', [streamId]);
    await expect(verifyStream(dataSource, key, streamId)).resolves.toMatchObject({
      verified: false,
      problem: 'deleted',
      version: 4,
    });
  });

  it('finds an inserted event', async () => {
    const streamId = await freshStream();
    const [last] = await dataSource.query('SELECT hash FROM events WHERE stream_id = $1 AND version = 5', [streamId]);
    await dataSource.query(
      `INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
       VALUES ($1, 6, $2, 'loan.step.recorded', 1, '{"step":5}', '{}', now(), $3, $4)`,
      [streamId, randomUUID(), last.hash, 'f'.repeat(64)],
    );
    await expect(verifyStream(dataSource, key, streamId)).resolves.toMatchObject({
      verified: false,
      problem: 'inserted',
      version: 6,
    });
  });

  it('finds reordered events', async () => {
    const streamId = await freshStream();
    await dataSource.transaction(async (tx) => {
      await tx.query('UPDATE events SET version = 1000 WHERE stream_id = $1 AND version = 2', [streamId]);
      await tx.query('UPDATE events SET version = 2 WHERE stream_id = $1 AND version = 3', [streamId]);
      await tx.query('UPDATE events SET version = 3 WHERE stream_id = $1 AND version = 1000', [streamId]);
    });
    await expect(verifyStream(dataSource, key, streamId)).resolves.toMatchObject({
      verified: false,
      problem: 'reordered',
      version: 2,
    });
  });

  it('finds a truncated events table, and a chain re-hashed without the key', async () => {
    const streamId = await freshStream();
    const forged = AuditKey.from(randomBytes(32).toString('hex'));
    expect((await verifyStream(dataSource, forged, streamId)).verified).toBe(false);

    await dataSource.query('TRUNCATE events');
    const all = await verifyAllStreams(dataSource, key);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((result) => !result.verified && result.problem === 'truncated')).toBe(true);
  });
});
