import { randomUUID } from 'node:crypto';
import { InMemoryEventStore, InMemorySnapshotStore } from './in-memory-event-store';
import { Fold, loadAggregate } from './load-aggregate';
import type { StoredEvent } from './event-types';

interface Counter {
  total: number;
  seen: number;
}

const counterFold: Fold<Counter> = {
  initialState: () => ({ total: 0, seen: 0 }),
  evolve: (state, event: StoredEvent) => ({
    total: state.total + (event.data as { add: number }).add,
    seen: state.seen + 1,
  }),
  stateVersion: 1,
};

const added = (add: number) => ({
  eventId: randomUUID(),
  type: 'counter.value.added',
  schemaVersion: 1,
  data: { add },
  occurredAt: '2026-11-24T10:00:00Z',
});

describe('loadAggregate', () => {
  it('given no events, returns the initial state and no version', async () => {
    const result = await loadAggregate(new InMemoryEventStore(), new InMemorySnapshotStore(), 'c-1', counterFold);
    expect(result).toEqual({ state: { total: 0, seen: 0 }, version: null, eventsFolded: 0 });
  });

  it('given a snapshot, folds only the events after it', async () => {
    const events = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    await events.append('c-1', 'no_stream', [added(1), added(2), added(3)]);
    await snapshots.save({ streamId: 'c-1', version: 3, state: { total: 6, seen: 3 }, stateVersion: 1 });
    await events.append('c-1', 3, [added(10)]);
    expect(await loadAggregate(events, snapshots, 'c-1', counterFold)).toEqual({
      state: { total: 16, seen: 4 },
      version: 4,
      eventsFolded: 1,
    });
  });

  it('ignores a snapshot of an older state shape and folds from the start', async () => {
    const events = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    await events.append('c-1', 'no_stream', [added(1), added(2)]);
    await snapshots.save({ streamId: 'c-1', version: 2, state: { wrong: true }, stateVersion: 0 });
    expect(await loadAggregate(events, snapshots, 'c-1', counterFold)).toEqual({
      state: { total: 3, seen: 2 },
      version: 2,
      eventsFolded: 2,
    });
  });

  it('the in-memory store keeps the same concurrency rules as PostgreSQL', async () => {
    const events = new InMemoryEventStore();
    await expect(events.append('c-2', 'stream_exists', [added(1)])).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
    });
    await events.append('c-2', 'no_stream', [added(1)]);
    await expect(events.append('c-2', 'no_stream', [added(1)])).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
  });
});
