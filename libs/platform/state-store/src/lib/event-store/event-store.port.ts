import type { AllCheckpoint, AppendResult, ExpectedVersion, NewEvent, StoredEvent } from './event-types';

/**
 * The event store as the orchestration core sees it. `PostgresEventStore` is the product;
 * `InMemoryEventStore` (from `@baton/state-store/testing`) serves fast unit tests.
 * `Tx` is the adapter's transaction handle, so an append can share a transaction with an
 * outbox write or an idempotency record.
 */
export interface EventStore<Tx = unknown> {
  /** Appends atomically, or throws `ConcurrencyError` when `expected` does not hold. */
  append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[], tx?: Tx): Promise<AppendResult>;
  /** Events of one stream from `fromVersion` (inclusive, default 1), in order. */
  readStream(streamId: string, fromVersion?: number, tx?: Tx): Promise<StoredEvent[]>;
  /** Up to `limit` events of every stream after `after` (null: from the start). */
  readAll(after: AllCheckpoint | null, limit: number): Promise<StoredEvent[]>;
}
