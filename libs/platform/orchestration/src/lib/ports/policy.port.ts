import type { Permit, PolicyDecision } from '@baton/contracts';

/** A policy decision as the policy engine audits it (see `@baton/policy`'s decision log). */
export interface DecisionAuditEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: PolicyDecision;
  readonly metadata: Record<string, unknown>;
  readonly occurredAt: string;
}

/** One intent to decide for one step of one run. */
export interface PolicyRequest {
  readonly intent: string;
  readonly context: Record<string, unknown>;
  readonly runId: string;
  readonly stepId: string;
  readonly tenantId: string;
  readonly at: string;
}

/** What the engine asks of the policy engine (`@baton/policy` implements it). */
export interface PolicyPort {
  decide(request: PolicyRequest): Promise<PolicyDecision>;
  /**
   * Decides and returns the decision's audit event for the engine to append to the run's
   * stream, in the commit of the step it decided: a decision is audited exactly when its step is
   * recorded, in the run's hash chain. Optional: without it the engine calls `decide`, which
   * records on its own.
   */
  decideWithin?(request: PolicyRequest): Promise<{ decision: PolicyDecision; auditEvent: DecisionAuditEvent | null }>;
  /** A permit for one model step of one run, bound to the exact input the model will see. */
  mintPermit(
    decision: PolicyDecision,
    binding: { runId: string; stepId: string; inputHash: string; at: string },
  ): Permit;
}
