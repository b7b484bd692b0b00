import { ConcurrencyError } from '../errors';
import { AuditKey, GENESIS_HASH } from '../audit/event-hash';
import type { EventStore } from './event-store.port';
import type { AllCheckpoint, AppendResult, ExpectedVersion, NewEvent, StoredEvent } from './event-types';
import type { Snapshot, SnapshotStore } from './snapshot-store';

const TEST_KEY = AuditKey.from('00'.repeat(32));

/**
 * The event store in memory, with the same concurrency rules and hash chain as the PostgreSQL
 * adapter, for unit tests of code that uses the {@link EventStore} port. Never a runtime.
 */
export class InMemoryEventStore implements EventStore<never> {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();

  async append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[]): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length === 0 ? null : stream.length;
    const holds =
      expected === 'no_stream' ? actual === null : expected === 'stream_exists' ? actual !== null : actual === expected;
    if (!holds)
      throw new ConcurrencyError(streamId, typeof expected === 'number' ? `version ${expected}` : expected, actual);
    const stored: StoredEvent[] = [];
    let prevHash = stream.at(-1)?.hash ?? GENESIS_HASH;
    for (const event of events) {
      const version = stream.length + stored.length + 1;
      const data = JSON.parse(JSON.stringify(event.data)) as unknown;
      const metadata = JSON.parse(JSON.stringify(event.metadata ?? {})) as Record<string, unknown>;
      const occurredAt = new Date(event.occurredAt).toISOString();
      const hash = TEST_KEY.hashEvent({
        streamId,
        version,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data,
        metadata,
        occurredAt,
        prevHash,
      });
      const position = String(this.all.length + stored.length + 1);
      stored.push({
        ...event,
        data,
        metadata,
        occurredAt,
        streamId,
        version,
        position,
        checkpoint: { transactionId: position, position },
        prevHash,
        hash,
      });
      prevHash = hash;
    }
    this.streams.set(streamId, [...stream, ...stored]);
    this.all.push(...stored);
    return { nextExpectedVersion: stream.length + stored.length, events: stored };
  }

  async readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    return (this.streams.get(streamId) ?? []).filter((event) => event.version >= fromVersion);
  }

  async readAll(after: AllCheckpoint | null, limit: number): Promise<StoredEvent[]> {
    const from = after ? Number(after.position) : 0;
    return this.all.filter((event) => Number(event.position) > from).slice(0, limit);
  }
}

/** Snapshots in memory, for unit tests. */
export class InMemorySnapshotStore implements SnapshotStore<never> {
  private readonly snapshots = new Map<string, Snapshot<unknown>>();

  async save<State>(snapshot: Snapshot<State>): Promise<void> {
    const current = this.snapshots.get(snapshot.streamId);
    if (!current || current.version < snapshot.version || current.stateVersion !== snapshot.stateVersion) {
      this.snapshots.set(snapshot.streamId, JSON.parse(JSON.stringify(snapshot)) as Snapshot<unknown>);
    }
  }

  async load<State>(streamId: string): Promise<Snapshot<State> | null> {
    return (this.snapshots.get(streamId) as Snapshot<State> | undefined) ?? null;
  }
}
