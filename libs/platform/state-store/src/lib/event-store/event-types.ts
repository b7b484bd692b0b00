/**
 * What an append expects of the stream, in the forms of Emmett and EventStoreDB:
 * `'no_stream'` (the stream must not exist), `'stream_exists'` (it must), or an exact version.
 * There is deliberately no "any": every product write states what it decided on.
 */
export type ExpectedVersion = 'no_stream' | 'stream_exists' | number;

/** An event to append. Its id is the idempotency of the append itself. */
export interface NewEvent<Data = unknown> {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** JSON only: it is stored as jsonb and hashed in its canonical form. */
  readonly data: Data;
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** When it happened, from the command's metadata: the store never reads a clock for it. */
  readonly occurredAt: string;
}

/** A stored event as read back. */
export interface StoredEvent<Data = unknown> extends Required<NewEvent<Data>> {
  readonly streamId: string;
  readonly version: number;
  /** Global position: unique and increasing, but commits may make it visible out of order. */
  readonly position: string;
  /** Where a reader of all events resumes after this one. */
  readonly checkpoint: AllCheckpoint;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * A reader's place in the all-events feed. Ordered by (transaction id, position) and read only
 * below the oldest running transaction, so an event whose transaction commits late still sorts
 * after any checkpoint handed out before it became visible: nothing is skipped.
 */
export interface AllCheckpoint {
  readonly transactionId: string;
  readonly position: string;
}

export interface AppendResult {
  /** The stream's version after the append. */
  readonly nextExpectedVersion: number;
  readonly events: readonly StoredEvent[];
}
