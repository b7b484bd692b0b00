import type { Permit, PolicyDecision } from '@baton/contracts';

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
   * Decides and returns the decision's recording for the run's own commit (`tx` is the
   * transaction's `EntityManager`), so a decision is audited exactly when the step it decided is
   * recorded. Optional: without it the engine calls `decide`, which records on its own.
   */
  decideWithin?(request: PolicyRequest): Promise<{ decision: PolicyDecision; record: (tx: unknown) => Promise<void> }>;
  /** A permit for one model step of one run, bound to the exact input the model will see. */
  mintPermit(decision: PolicyDecision, binding: { runId: string; stepId: string; inputHash: string; at: string }): Permit;
}
