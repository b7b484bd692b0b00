import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { openStateStore } from '../database/state-store-data-source';
import { AuditKey } from '../audit/event-hash';
import { PostgresEventStore } from './postgres-event-store';
import { PostgresSnapshotStore } from './snapshot-store';
import { loadAggregate } from './load-aggregate';

describe('PostgresSnapshotStore with loadAggregate (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createIsolatedSchema('snapshots');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 4 });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('loads snapshot plus later events, and an older snapshot never replaces a newer one', async () => {
    const events = new PostgresEventStore(dataSource, AuditKey.from(randomBytes(32).toString('hex')));
    const snapshots = new PostgresSnapshotStore(dataSource);
    const add = (n: number) => ({
      eventId: randomUUID(),
      type: 'counter.value.added',
      schemaVersion: 1,
      data: { n },
      occurredAt: '2026-11-24T10:00:00Z',
    });
    await events.append('counter-1', 'no_stream', [add(1), add(2), add(3)]);
    await snapshots.save({ streamId: 'counter-1', version: 3, state: { sum: 6 }, stateVersion: 1 });
    await snapshots.save({ streamId: 'counter-1', version: 2, state: { sum: 3 }, stateVersion: 1 });
    await events.append('counter-1', 3, [add(4)]);

    const loaded = await loadAggregate(events, snapshots, 'counter-1', {
      initialState: () => ({ sum: 0 }),
      evolve: (state, event) => ({ sum: state.sum + (event.data as { n: number }).n }),
      stateVersion: 1,
    });
    expect(loaded).toEqual({ state: { sum: 10 }, version: 4, eventsFolded: 1 });
  });
});
