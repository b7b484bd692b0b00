import { DataSource, EntityManager } from 'typeorm';
import { ConcurrencyError } from '../errors';
import { AuditKey, GENESIS_HASH } from '../audit/event-hash';
import type { EventStore } from './event-store.port';
import type { AllCheckpoint, AppendResult, ExpectedVersion, NewEvent, StoredEvent } from './event-types';
import type { EventRow } from './event-row';
import { StatementParams, type StatementPart } from '../sql/statement-params';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher';

const UNIQUE_VIOLATION = '23505';
/** The types of an event row's values, in column order, for rows built from VALUES lists. */
const ROW_CASTS = [
  'text',
  'bigint',
  'uuid',
  'text',
  'integer',
  'jsonb',
  'jsonb',
  'timestamptz',
  'char(64)',
  'char(64)',
] as const;
const COLUMNS = `position, transaction_id::text AS transaction_id, stream_id, version, event_id, type, schema_version,
  data, metadata, occurred_at, prev_hash, hash`;

export interface PostgresEventStoreOptions {
  /** Stream heads remembered for one-statement appends. Default 10,000. */
  readonly maxRememberedHeads?: number;
  /**
   * Seals the personal fields of every appended event before it is hashed (the chain covers the
   * ciphertext), and reveals them on `readStream` and `readAll`. Without it, data is stored as given.
   */
  readonly personalData?: PersonalDataCipher;
}

/**
 * The event store on PostgreSQL. Optimistic concurrency is enforced by the database: the
 * stream's head row is locked for the append and `UNIQUE (stream_id, version)` backs it, so two
 * writers can never both take one version. Every event is hash-chained (see {@link AuditKey}).
 * With a `personalData` cipher, personal fields are encrypted per data subject before hashing;
 * reads decrypt them (or give `[erased]`), and an append's result carries the data as given.
 *
 * @example
 * const store = new PostgresEventStore(dataSource, AuditKey.from(process.env.AUDIT_HMAC_KEY!));
 * await store.append('loan-42', 'no_stream', [received]);
 * await dataSource.transaction((tx) => store.append('loan-42', 1, [scored], tx));
 * const sealing = new PostgresEventStore(dataSource, key, { personalData: new PersonalDataCipher(keyring, policy) });
 */
export class PostgresEventStore implements EventStore<EntityManager> {
  /** The head this store last wrote per stream: a hint for the one-statement append, never trusted blindly. */
  private readonly heads = new Map<string, { readonly version: number; readonly hash: string }>();
  private readonly maxRememberedHeads: number;
  private readonly cipher: PersonalDataCipher | null;

  /** `options` may also be the number of remembered heads alone (the earlier signature). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly key: AuditKey,
    options: PostgresEventStoreOptions | number = {},
  ) {
    const given = typeof options === 'number' ? { maxRememberedHeads: options } : options;
    this.maxRememberedHeads = given.maxRememberedHeads ?? 10_000;
    this.cipher = given.personalData ?? null;
  }

  async append(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    tx?: EntityManager,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    // Keys are looked up in the caller's transaction when there is one (a second pooled connection
    // per append could exhaust the pool while each caller holds a transaction open), else before
    // this store opens its own, where a new key commits at once and can be cached.
    if (tx) return this.appendIn(tx, streamId, expected, events, await this.sealed(events, tx));
    const sealed = await this.sealed(events);
    return this.dataSource.transaction((manager) => this.appendIn(manager, streamId, expected, events, sealed));
  }

  async readStream(streamId: string, fromVersion = 1, tx?: EntityManager): Promise<StoredEvent[]> {
    const rows: EventRow[] = await (tx ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version`,
      [streamId, fromVersion],
    );
    // The last event read is the stream's head as far as anyone knows: a hint that lets this
    // store's next append to the stream be one statement (a stale hint only falls back).
    const last = rows.at(-1);
    if (last && !tx) this.rememberHead(streamId, Number(last.version), last.hash);
    return this.revealed(rows.map(toStoredEvent), tx);
  }

  async readAll(after: AllCheckpoint | null, limit: number): Promise<StoredEvent[]> {
    // Only transactions older than every running one are read, in (transaction, position)
    // order; any transaction still to commit sorts after everything returned here.
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (transaction_id, position) > ($1::xid8, $2::bigint)
        ORDER BY transaction_id, position
        LIMIT $3`,
      [after?.transactionId ?? '0', after?.position ?? '0', limit],
    );
    return this.revealed(rows.map(toStoredEvent));
  }

  /** `events` are `given` with their personal fields sealed (the same without a cipher). */
  private async appendIn(
    manager: EntityManager,
    streamId: string,
    expected: ExpectedVersion,
    given: readonly NewEvent[],
    events: readonly NewEvent[],
  ): Promise<AppendResult> {
    // One statement when the head is known: a new stream starts from the genesis hash, and a
    // stream this store appended to last still has the head it remembers. The head row's write
    // is conditional on that version and hash, so a wrong guess writes nothing and the locking
    // path below decides.
    const fast = await this.appendInOneStatement(manager, streamId, expected, events);
    if (fast) return this.asGiven(fast, given);
    const heads: Array<{ version: string; last_hash: string }> = await manager.query(
      'SELECT version, last_hash FROM stream_heads WHERE stream_id = $1 FOR UPDATE',
      [streamId],
    );
    const head = heads[0] ? { version: Number(heads[0].version), hash: heads[0].last_hash } : null;
    assertExpected(streamId, expected, head?.version ?? null);

    let stored: StoredEvent[] = [];
    // Each hash chains on the previous one, computed here; the rows then go in one INSERT.
    const params = new StatementParams();
    const {
      tuples,
      version,
      lastHash: prevHash,
    } = this.chain(params, streamId, head ?? { version: 0, hash: GENESIS_HASH }, events);
    const values = params.values;
    try {
      const rows: EventRow[] = await manager.query(
        `INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
         VALUES ${tuples.join(', ')} RETURNING ${COLUMNS}`,
        values,
      );
      stored = rows.map(toStoredEvent).sort((a, b) => a.version - b.version);
      if (head) {
        await manager.query(
          'UPDATE stream_heads SET version = $2, last_hash = $3, updated_at = now() WHERE stream_id = $1',
          [streamId, version, prevHash],
        );
      } else {
        await manager.query('INSERT INTO stream_heads (stream_id, version, last_hash) VALUES ($1, $2, $3)', [
          streamId,
          version,
          prevHash,
        ]);
      }
    } catch (error) {
      // Two first appends race past the head lock (there is no row to lock yet): the unique
      // constraints decide, and the loser gets the same typed error as any other conflict.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && !isEventIdClash(error)) {
        throw new ConcurrencyError(streamId, describe(expected), null);
      }
      throw error;
    }
    this.rememberHead(streamId, version, prevHash);
    return this.asGiven({ nextExpectedVersion: version, events: stored }, given);
  }

  /**
   * The append as common table expressions for a statement that also carries the caller's
   * other writes (the orchestration engine adds its outbox rows and run projection): the head
   * moves, and the events go in, only if the head is still the one this store remembers (or the
   * stream is new). The other parts write `WHERE EXISTS (SELECT 1 FROM <guard>)`. Null when the
   * head is not known: the caller then appends in a transaction. Call `settle` with whether the
   * statement applied. Async because sealing personal data may need the subjects' keys (no
   * statement without a `personalData` cipher, nor when the keys are cached).
   *
   * @example
   * const append = await store.prepareAppend(params, runId, 4, events);
   * if (append) await dataSource.query(`WITH ${append.ctes.join(', ')} SELECT count(*) AS applied FROM ${append.guard}`, params.values);
   */
  async prepareAppend(
    params: StatementParams,
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    options: { readonly returning?: string } = {},
  ): Promise<PreparedAppend | null> {
    if (events.length === 0 || !this.knownHead(streamId, expected)) return null;
    return this.prepareSealed(params, streamId, expected, await this.sealed(events), options);
  }

  /** The head an append can chain on without reading it: genesis for a new stream, else the one remembered, if it is `expected`. */
  private knownHead(
    streamId: string,
    expected: ExpectedVersion,
  ): { readonly version: number; readonly hash: string } | null {
    if (expected === 'no_stream') return { version: 0, hash: GENESIS_HASH };
    const known = typeof expected === 'number' ? this.heads.get(streamId) : undefined;
    return known && known.version === expected ? known : null;
  }

  /** `prepareAppend` for events already sealed; adds nothing to `params` when it returns null. */
  private prepareSealed(
    params: StatementParams,
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    options: { readonly returning?: string },
  ): PreparedAppend | null {
    // Asked again: the head may have moved while the keys were looked up.
    const known = this.knownHead(streamId, expected);
    if (events.length === 0 || !known) return null;
    const newStream = expected === 'no_stream';
    const { tuples, version, lastHash } = this.chain(params, streamId, known, events);
    const id = params.add(streamId);
    const nextVersion = params.add(version);
    const newHash = params.add(lastHash);
    const head = newStream
      ? `baton_head AS (INSERT INTO stream_heads (stream_id, version, last_hash) VALUES (${id}, ${nextVersion}, ${newHash}) ON CONFLICT (stream_id) DO NOTHING RETURNING 1)`
      : `baton_head AS (UPDATE stream_heads SET version = ${nextVersion}, last_hash = ${newHash}, updated_at = now()
           WHERE stream_id = ${id} AND version = ${params.add(known.version)} AND last_hash = ${params.add(known.hash)} RETURNING 1)`;
    const appended = `baton_events AS (INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
         SELECT v.* FROM (VALUES ${tuples.join(', ')}) AS v(stream_id, version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
          WHERE EXISTS (SELECT 1 FROM baton_head) RETURNING ${options.returning ?? '1'})`;
    return {
      ctes: [head, appended],
      guard: 'baton_head',
      settle: (applied) => (applied ? this.rememberHead(streamId, version, lastHash) : this.heads.delete(streamId)),
    };
  }

  /** One event's row values in column order, hashed on the one before. */
  private hashedRow(
    streamId: string,
    version: number,
    prevHash: string,
    event: NewEvent,
  ): { values: unknown[]; hash: string } {
    // Hash what will be read back: jsonb drops undefined and normalises nothing else.
    const data = JSON.parse(JSON.stringify(event.data)) as unknown;
    const metadata = JSON.parse(JSON.stringify(event.metadata ?? {})) as Record<string, unknown>;
    const occurredAt = new Date(event.occurredAt).toISOString();
    const hash = this.key.hashEvent({
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
    return {
      values: [
        streamId,
        version,
        event.eventId,
        event.type,
        event.schemaVersion,
        JSON.stringify(data),
        JSON.stringify(metadata),
        occurredAt,
        prevHash,
        hash,
      ],
      hash,
    };
  }

  /** The append alone as one statement (see `prepareAppend`), of sealed events; null when the head is not known or has moved. */
  private async appendInOneStatement(
    manager: EntityManager,
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendResult | null> {
    const params = new StatementParams();
    const append = this.prepareSealed(params, streamId, expected, events, { returning: COLUMNS });
    if (!append) return null;
    let rows: EventRow[];
    try {
      rows = await manager.query(`WITH ${append.ctes.join(', ')} SELECT * FROM baton_events`, params.values);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && !isEventIdClash(error))
        throw new ConcurrencyError(streamId, describe(expected), null);
      throw error;
    }
    append.settle(rows.length > 0);
    if (rows.length === 0) return null;
    const stored = rows.map(toStoredEvent).sort((a, b) => a.version - b.version);
    return { nextExpectedVersion: stored.at(-1)?.version ?? 0, events: stored };
  }

  /** The events' rows as VALUES tuples, each hash chained on the one before, from `head`. */
  private chain(
    params: StatementParams,
    streamId: string,
    head: { readonly version: number; readonly hash: string },
    events: readonly NewEvent[],
  ) {
    const tuples: string[] = [];
    let version = head.version;
    let lastHash = head.hash;
    for (const event of events) {
      version += 1;
      const row = this.hashedRow(streamId, version, lastHash, event);
      tuples.push(`(${row.values.map((value, index) => params.add(value, ROW_CASTS[index])).join(', ')})`);
      lastHash = row.hash;
    }
    return { tuples, version, lastHash };
  }

  /** The events with their personal fields sealed; the same events without a cipher. */
  private async sealed(events: readonly NewEvent[], tx?: EntityManager): Promise<readonly NewEvent[]> {
    if (!this.cipher) return events;
    // One array, so one key lookup covers every event.
    const data = (await this.cipher.seal(
      events.map((event) => event.data),
      tx,
    )) as unknown[];
    return events.map((event, index) => ({ ...event, data: data[index] }));
  }

  /** Stored events with their personal fields decrypted (or `[erased]`). */
  private async revealed(events: StoredEvent[], tx?: EntityManager): Promise<StoredEvent[]> {
    if (!this.cipher || events.length === 0) return events;
    const data = (await this.cipher.reveal(
      events.map((event) => event.data),
      tx,
    )) as unknown[];
    return events.map((event, index) => ({ ...event, data: data[index] }));
  }

  /**
   * An append's result with the data as the caller gave it (in its stored JSON form) rather than
   * sealed: the caller had the plaintext already, and decrypting it again would cost a lookup.
   */
  private asGiven(result: AppendResult, given: readonly NewEvent[]): AppendResult {
    if (!this.cipher) return result;
    const byId = new Map(given.map((event) => [event.eventId, event.data]));
    return {
      ...result,
      events: result.events.map((event) =>
        byId.has(event.eventId)
          ? { ...event, data: JSON.parse(JSON.stringify(byId.get(event.eventId))) as unknown }
          : event,
      ),
    };
  }

  private rememberHead(streamId: string, version: number, hash: string): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, { version, hash });
    if (this.heads.size > this.maxRememberedHeads) this.heads.delete(this.heads.keys().next().value as string);
  }
}

/** An append as CTEs of a caller's statement (see `PostgresEventStore.prepareAppend`). */
export type PreparedAppend = StatementPart & { readonly guard: string; settle(applied: boolean): void };

function assertExpected(streamId: string, expected: ExpectedVersion, actual: number | null): void {
  const holds =
    expected === 'no_stream' ? actual === null : expected === 'stream_exists' ? actual !== null : actual === expected;
  if (!holds) throw new ConcurrencyError(streamId, describe(expected), actual);
}

function describe(expected: ExpectedVersion): string {
  return typeof expected === 'number' ? `version ${expected}` : expected;
}

function isEventIdClash(error: unknown): boolean {
  return (error as { constraint?: string }).constraint === 'events_event_id_key';
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    streamId: row.stream_id,
    version: Number(row.version),
    position: row.position,
    checkpoint: { transactionId: row.transaction_id, position: row.position },
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at.toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
