import type { PolicyDecision } from '@baton/contracts';
import type { JsonObject } from '../evaluation/context';

/** A decision with what it was made for and on. */
export interface DecisionRecord {
  readonly decision: PolicyDecision;
  readonly runId: string;
  readonly stepId: string;
  /** The canonical context judged; null when it was not a JSON object or is not recorded. */
  readonly context: JsonObject | null;
}

/** A decision as an event to append: its id is the decision id. */
export interface DecisionAuditEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: PolicyDecision;
  readonly metadata: Record<string, unknown>;
  readonly occurredAt: string;
}

/** A decision read back from the log. */
export interface RecordedDecision extends DecisionRecord {
  readonly streamId: string;
  /** Whether the audit chain of its stream verified; null when the log cannot check. */
  readonly chainVerified: boolean | null;
}

/** An event of the decision type that no longer parses as a decision. */
export interface UnreadableDecision {
  readonly streamId: string;
  readonly eventId: string;
  readonly problem: string;
}

export interface DecisionRange {
  /** Inclusive, ISO 8601. */
  readonly from: string;
  /** Exclusive, ISO 8601; open when omitted. */
  readonly to?: string;
}

/**
 * Where every decision is recorded, as an audit event carrying the policy version that made it.
 * `EventStoreDecisionLog` over the state store's hash-chained event store is the product.
 */
export interface DecisionLog {
  /**
   * Records a decision. If its decision id is already recorded (a step retried after the
   * decision committed), nothing is written and the first decision is returned: a retry gets the
   * answer that was audited, even if the active version changed since.
   */
  record(record: DecisionRecord): Promise<PolicyDecision>;
  /**
   * The audit event of a decision, for a caller that appends it to a hash-chained stream of its
   * own in the transaction that records what the decision led to (the orchestration engine: the
   * run's stream). `read` finds decisions wherever they were appended. Optional: a log without
   * it records through `record` only.
   */
  auditEvent?(record: DecisionRecord): DecisionAuditEvent;
  /** Recorded decisions in a range of decision time, in log order. */
  read(
    range: DecisionRange,
  ): Promise<{ readonly records: readonly RecordedDecision[]; readonly unreadable: readonly UnreadableDecision[] }>;
}
