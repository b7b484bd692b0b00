import { PolicyDecided, PolicyDecision } from '@baton/contracts';
import { EventStore, isConcurrencyError, NewEvent, StoredEvent } from '@baton/state-store';
import { PolicyError } from '../errors/policy-error';
import type { JsonObject } from '../evaluation/context';
import type {
  DecisionAuditEvent,
  DecisionLog,
  DecisionRange,
  DecisionRecord,
  RecordedDecision,
  UnreadableDecision,
} from './decision-log.port';

/**
 * Each run's decisions form one hash-chained stream, in the order they were made.
 *
 * @example await verifyStream(dataSource, key, decisionStreamId('run-42'));
 */
export function decisionStreamId(runId: string): string {
  return `policy-decisions-${runId}`;
}

export interface EventStoreDecisionLogOptions {
  /**
   * Store the judged context with each decision (default true). Replay needs it; a deployment
   * whose contexts must never reach the immutable audit log turns it off and gives up replay.
   */
  readonly recordContext?: boolean;
  /** Checks a stream's audit chain when decisions are read back (see `postgresDecisionLog`). */
  readonly verifyStream?: (streamId: string) => Promise<boolean>;
  readonly pageSize?: number;
}

/** Conflicts left after in-process queueing come from other processes: rare, so a few tries suffice. */
const ATTEMPTS = 8;
/** Bounded: a long-lived worker sees many runs, and a wrong guess only costs one read. */
const REMEMBERED_STREAMS = 10_000;

/**
 * The decision log on the state store's event store: one `baton.policy.decided` event per
 * decision (the event id is the decision id), its payload the contract's `PolicyDecision`, with
 * run, step and context in its metadata, appended to the run's stream and hash-chained there.
 *
 * @example
 * const decisions = new EventStoreDecisionLog(new PostgresEventStore(dataSource, key));
 * await decisions.record({ decision, runId: 'run-1', stepId: 'assess-risk', context });
 */
export class EventStoreDecisionLog implements DecisionLog {
  /** Last known version per stream, so an append usually needs no read first. */
  private readonly heads = new Map<string, number>();
  /** Appends to one stream from this process take turns: parallel steps of a run would otherwise collide. */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly events: EventStore,
    private readonly options: EventStoreDecisionLogOptions = {},
  ) {}

  async record(record: DecisionRecord): Promise<PolicyDecision> {
    const streamId = decisionStreamId(record.runId);
    const previous = this.turns.get(streamId) ?? Promise.resolve();
    const turn = previous.then(() => this.append(streamId, record));
    const settled = turn.catch(() => undefined);
    this.turns.set(streamId, settled);
    void settled.then(() => {
      if (this.turns.get(streamId) === settled) this.turns.delete(streamId);
    });
    return turn;
  }

  /** The decision's audit event, for the caller to append to its own stream in its own commit. */
  auditEvent(record: DecisionRecord): DecisionAuditEvent {
    return this.toEvent(record);
  }

  private toEvent(record: DecisionRecord): DecisionAuditEvent & NewEvent {
    const recordContext = this.options.recordContext ?? true;
    return {
      eventId: record.decision.decisionId,
      type: PolicyDecided.type,
      schemaVersion: PolicyDecided.version,
      data: record.decision,
      metadata: {
        runId: record.runId,
        stepId: record.stepId,
        context: recordContext ? record.context : null,
        contextRecorded: recordContext,
      },
      occurredAt: record.decision.decidedAt,
    };
  }

  private async append(streamId: string, record: DecisionRecord): Promise<PolicyDecision> {
    const event = this.toEvent(record);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        const result = await this.events.append(streamId, this.heads.get(streamId) ?? 'no_stream', [event]);
        this.remember(streamId, result.nextExpectedVersion);
        return record.decision;
      } catch (error) {
        const stored = await this.events.readStream(streamId);
        const earlier = stored.find((candidate) => candidate.eventId === event.eventId);
        if (earlier) {
          this.remember(streamId, stored.at(-1)?.version ?? 0);
          const parsed = PolicyDecided.parsePayload(earlier.data);
          if (parsed.ok) return parsed.value;
        }
        if (!isConcurrencyError(error)) throw error;
        this.remember(streamId, stored.at(-1)?.version ?? 0);
        // Another process appends to this run's stream too: step aside for a moment, at random.
        await new Promise((resume) => setTimeout(resume, Math.random() * 5 * attempt));
      }
    }
    throw new PolicyError(
      'STORE_UNAVAILABLE',
      `could not record decision ${record.decision.decisionId}: stream ${streamId} kept moving for ${ATTEMPTS} attempts`,
    );
  }

  async read(range: DecisionRange): Promise<{ records: RecordedDecision[]; unreadable: UnreadableDecision[] }> {
    const from = Date.parse(range.from);
    const to = range.to === undefined ? Infinity : Date.parse(range.to);
    const pageSize = this.options.pageSize ?? 500;
    const records: RecordedDecision[] = [];
    const unreadable: UnreadableDecision[] = [];
    const verified = new Map<string, boolean | null>();
    let after: StoredEvent['checkpoint'] | null = null;
    for (;;) {
      const page = await this.events.readAll(after, pageSize);
      for (const event of page) {
        const at = Date.parse(event.occurredAt);
        if (event.type !== PolicyDecided.type || at < from || at >= to) continue;
        const parsed = PolicyDecided.parsePayload(event.data);
        if (!parsed.ok) {
          unreadable.push({ streamId: event.streamId, eventId: event.eventId, problem: parsed.error.message });
          continue;
        }
        if (!verified.has(event.streamId))
          verified.set(
            event.streamId,
            this.options.verifyStream ? await this.options.verifyStream(event.streamId) : null,
          );
        const metadata = event.metadata as { runId?: unknown; stepId?: unknown; context?: unknown };
        records.push({
          decision: parsed.value,
          runId: String(metadata.runId ?? ''),
          stepId: String(metadata.stepId ?? ''),
          context: isObject(metadata.context) ? metadata.context : null,
          streamId: event.streamId,
          chainVerified: verified.get(event.streamId) ?? null,
        });
      }
      if (page.length < pageSize) return { records, unreadable };
      after = (page.at(-1) as StoredEvent).checkpoint;
    }
  }

  private remember(streamId: string, version: number): void {
    this.heads.delete(streamId);
    if (version > 0) this.heads.set(streamId, version);
    if (this.heads.size > REMEMBERED_STREAMS) this.heads.delete(this.heads.keys().next().value as string);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
