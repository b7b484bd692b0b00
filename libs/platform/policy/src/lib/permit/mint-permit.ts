import { Permit, PolicyDecision, permitSchema } from '@baton/contracts';
import { PolicyError } from '../errors/policy-error';

/** What a permit is bound to beyond its decision: one step of one run, for a while. */
export interface PermitGrant {
  readonly permitId: string;
  readonly runId: string;
  readonly stepId: string;
  /** Not before the decision. */
  readonly issuedAt: string;
  /** Injected, like every instant: the caller's clock and policy decide how long a permit lives. */
  readonly expiresAt: string;
  /** The input the permitted step will use, hashed; defaults to the decision's input hash. */
  readonly inputHash?: string;
}

/**
 * Mints the {@link Permit} a model step requires, from an allowing decision: bound to the run,
 * the step, the decision's intent and its input hash. Refuses (PERMIT_REFUSED) a deny or review
 * decision, an expiry not after issue, and an issue before the decision.
 *
 * @example
 * const permit = mintPermit(decision, { permitId: randomUUID(), runId, stepId: 'assess-risk', issuedAt: decision.decidedAt, expiresAt });
 */
export function mintPermit(decision: PolicyDecision, grant: PermitGrant): Permit {
  if (decision.effect !== 'allow') {
    throw new PolicyError(
      'PERMIT_REFUSED',
      `decision ${decision.decisionId} is ${decision.effect}: only an allowing decision mints a permit`,
    );
  }
  const issued = Date.parse(grant.issuedAt);
  if (!(Date.parse(grant.expiresAt) > issued))
    throw new PolicyError(
      'PERMIT_REFUSED',
      `a permit must expire after it is issued (${grant.issuedAt} -> ${grant.expiresAt})`,
    );
  if (issued < Date.parse(decision.decidedAt))
    throw new PolicyError(
      'PERMIT_REFUSED',
      `a permit cannot be issued (${grant.issuedAt}) before its decision (${decision.decidedAt})`,
    );
  const result = permitSchema.safeParse({
    permitId: grant.permitId,
    decisionId: decision.decisionId,
    intent: decision.intent,
    runId: grant.runId,
    stepId: grant.stepId,
    inputHash: grant.inputHash ?? decision.inputHash,
    policyId: decision.policyId,
    policyVersion: decision.policyVersion,
    issuedAt: grant.issuedAt,
    expiresAt: grant.expiresAt,
  });
  if (!result.success) {
    throw new PolicyError(
      'PERMIT_REFUSED',
      `cannot mint a permit: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return result.data;
}
