import type { Permit, PolicyDecision } from '@baton/contracts';

/** What the engine asks of the policy engine (`@baton/policy` implements it). */
export interface PolicyPort {
  decide(request: { intent: string; context: Record<string, unknown>; runId: string; stepId: string; tenantId: string; at: string }): Promise<PolicyDecision>;
  /** A permit for one model step of one run, bound to the exact input the model will see. */
  mintPermit(decision: PolicyDecision, binding: { runId: string; stepId: string; inputHash: string; at: string }): Permit;
}
