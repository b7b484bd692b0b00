import type { Permit, PolicyDecision } from '@baton/contracts';
import type { PolicyEngine } from '@baton/policy';
import type { DecisionAuditEvent, PolicyPort, PolicyRequest } from '../ports/policy.port';

/**
 * The orchestration core's policy port on `@baton/policy`: decisions are recorded by the
 * policy engine's audit log, in the commit of the step they decided; permits are bound to the
 * hash of the model step's exact input.
 *
 * @example new WorkflowEngine({ ..., policy: new PolicyEnginePort(policyEngine, 5 * 60_000) })
 */
export class PolicyEnginePort implements PolicyPort {
  constructor(
    private readonly engine: PolicyEngine,
    private readonly permitTtlMs = 5 * 60_000,
  ) {}

  decide(request: PolicyRequest): Promise<PolicyDecision> {
    return this.engine.decide(request.intent, request.context, {
      runId: request.runId,
      stepId: request.stepId,
      at: request.at,
    });
  }

  /** The decision and its audit event, which the engine appends to the run's stream in the step's commit. */
  decideWithin(request: PolicyRequest): Promise<{ decision: PolicyDecision; auditEvent: DecisionAuditEvent | null }> {
    return this.engine.decideWithin(request.intent, request.context, {
      runId: request.runId,
      stepId: request.stepId,
      at: request.at,
    });
  }

  mintPermit(
    decision: PolicyDecision,
    binding: { runId: string; stepId: string; inputHash: string; at: string },
  ): Permit {
    return this.engine.mintPermit(decision, {
      runId: binding.runId,
      stepId: binding.stepId,
      issuedAt: binding.at,
      expiresAt: new Date(Date.parse(binding.at) + this.permitTtlMs).toISOString(),
      inputHash: binding.inputHash,
    });
  }
}
