import { randomUUID } from 'node:crypto';
import { isConcurrencyError, isStateStoreError, StateStoreError } from '../errors';
import type { EventStore } from '../event-store/event-store.port';
import type { ExpectedVersion, StoredEvent } from '../event-store/event-types';
import {
  ACCESS_RECORDED,
  listAccessStreamId,
  recordAccessStreamId,
  toAccessEventData,
  type AccessEntry,
  type AccessEventData,
} from './access-entry';

/**
 * Where an access event that could not be stored is counted (each is a refused answer, a 503 from
 * `withAccessLog`): `BatonMetrics` of `@baton/observability` implements it.
 */
export interface AccessLogMetrics {
  accessLogFailed(view: string): void;
}

export interface AccessLogOptions {
  /** When an access happens; the store never reads a clock of its own. Default: the system clock. */
  readonly clock?: () => Date;
  /** Appends tried when other readers move the same stream meanwhile. Default 8. */
  readonly attempts?: number;
  /** Counts the accesses that could not be logged, by view; none by default. */
  readonly metrics?: AccessLogMetrics;
}

/** An access event as read back, with its place in the chain. */
export interface RecordedAccess extends AccessEventData {
  readonly version: number;
  readonly occurredAt: string;
  readonly hash: string;
  readonly prevHash: string;
}

const REMEMBERED_HEADS = 10_000;

/**
 * The access log (HIPAA 164.312(b), NIST AU-3): every read or write of a subject record appends
 * an access event, hash-chained like every other event, so `npm run audit -- verify` covers it.
 * A record's accesses go to its own stream and a list read to the tenant's daily list stream, so
 * reads of different records never contend on one chain. `record` resolves only once the event
 * is stored; when it cannot be, it throws `ACCESS_LOG_UNAVAILABLE` and the caller must not answer.
 *
 * @example
 * const log = new AccessLog(new PostgresEventStore(dataSource, key));
 * await log.record({ actor: { subject: 'nurse-1', role: 'triage-nurse' }, tenant: 'acme', action: 'read',
 *   target: { kind: 'record', recordId: 'enc-7', view: 'encounter' }, origin, outcome: { allowed: true } });
 */
export class AccessLog {
  /** The version this log last wrote per stream: a guess for the next append, corrected on conflict. */
  private readonly heads = new Map<string, number>();
  private readonly clock: () => Date;
  private readonly attempts: number;
  private readonly metrics: AccessLogMetrics | undefined;

  constructor(
    private readonly events: EventStore,
    options: AccessLogOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.attempts = options.attempts ?? 8;
    this.metrics = options.metrics;
  }

  /** Appends one access event; resolves with the stream it went to. */
  async record(entry: AccessEntry): Promise<{ readonly streamId: string; readonly version: number }> {
    const data = toAccessEventData(entry);
    const occurredAt = this.clock().toISOString();
    const streamId =
      entry.target.kind === 'record'
        ? recordAccessStreamId(entry.target.recordId)
        : listAccessStreamId(entry.tenant, occurredAt.slice(0, 10));
    const event = { eventId: randomUUID(), type: ACCESS_RECORDED, schemaVersion: 1, data, occurredAt };
    let expected: ExpectedVersion = this.heads.get(streamId) ?? 'no_stream';
    for (let attempt = 1; ; attempt += 1) {
      try {
        const appended = await this.events.append(streamId, expected, [event]);
        this.remember(streamId, appended.nextExpectedVersion);
        return { streamId, version: appended.nextExpectedVersion };
      } catch (error) {
        this.heads.delete(streamId);
        if (!isConcurrencyError(error) || attempt >= this.attempts) {
          const failure = unavailable(streamId, error);
          // Only the log being down counts: a malformed entry is the caller's 400, not an outage.
          if (failure.code === 'ACCESS_LOG_UNAVAILABLE') this.metrics?.accessLogFailed(entry.target.view);
          throw failure;
        }
        // Another reader moved the stream: append after whatever head it has now.
        expected = 'stream_exists';
        await new Promise((resume) => setTimeout(resume, Math.random() * 3 * attempt));
      }
    }
  }

  /** Every access to one record, oldest first (for an auditor's view; verify with `verifyStream`). */
  async readRecord(recordId: string): Promise<RecordedAccess[]> {
    const stored = await this.events.readStream(recordAccessStreamId(recordId));
    return stored.filter((event) => event.type === ACCESS_RECORDED).map(toRecordedAccess);
  }

  private remember(streamId: string, version: number): void {
    if (this.heads.size >= REMEMBERED_HEADS) this.heads.delete(this.heads.keys().next().value as string);
    this.heads.set(streamId, version);
  }
}

function toRecordedAccess(event: StoredEvent): RecordedAccess {
  return {
    ...(event.data as AccessEventData),
    version: event.version,
    occurredAt: event.occurredAt,
    hash: event.hash,
    prevHash: event.prevHash,
  };
}

function unavailable(streamId: string, cause: unknown): StateStoreError {
  if (isStateStoreError(cause) && cause.code === 'ACCESS_ENTRY_INVALID') return cause;
  return new StateStoreError('ACCESS_LOG_UNAVAILABLE', `the access event for ${streamId} could not be stored`, {
    cause,
  });
}
