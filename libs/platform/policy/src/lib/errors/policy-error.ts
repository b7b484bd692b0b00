import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';
import type { PolicyIssue } from '../document/policy-issue';

/**
 * The policy engine's closed set of error codes, each with its HTTP status, messaging outcome
 * and whether trying again can help.
 *
 * @example policyErrorCodes.STORE_UNAVAILABLE.retryable // true
 */
export const policyErrorCodes = {
  /** A policy document fails validation; it is never stored or activated. */
  INVALID_POLICY: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
  /** No stored version has this policy id and version. */
  POLICY_NOT_FOUND: { httpStatus: 404, outcome: 'dead-letter', retryable: false },
  /** A stored version was offered again with other content: versions never change, bump it. */
  VERSION_IMMUTABLE: { httpStatus: 409, outcome: 'dead-letter', retryable: false },
  /** Two active policies would govern one intent. */
  POLICY_CONFLICT: { httpStatus: 409, outcome: 'dead-letter', retryable: false },
  /** The caller passed a malformed intent name or decision metadata (a bug, not odd input). */
  INVALID_REQUEST: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
  /** A permit was asked of a decision that does not allow, or with an impossible expiry. */
  PERMIT_REFUSED: { httpStatus: 403, outcome: 'dead-letter', retryable: false },
  /** The policy store or the decision log did not answer; the decision was not made. */
  STORE_UNAVAILABLE: { httpStatus: 503, outcome: 'retry', retryable: true },
} as const satisfies ErrorCatalogue<string>;

export type PolicyErrorCode = keyof typeof policyErrorCodes;

/**
 * Raised on purpose by the policy engine; see {@link policyErrorCodes}. Check with
 * {@link isPolicyError}, not `instanceof`.
 *
 * @example
 * try { await store.activate('lending-llm', '4'); }
 * catch (error) { if (isPolicyError(error) && error.code === 'POLICY_NOT_FOUND') console.error(error.message); }
 */
export class PolicyError extends BatonError<PolicyErrorCode> {
  constructor(code: PolicyErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, policyErrorCodes[code], message, options);
  }
}

/**
 * A document that fails validation, with every problem found (not just the first), each naming
 * the rule and the field.
 *
 * @example
 * if (isPolicyValidationError(error)) error.issues.forEach((issue) => console.error(formatPolicyIssue(issue)));
 */
export class PolicyValidationError extends PolicyError {
  constructor(
    readonly source: string,
    readonly issues: readonly PolicyIssue[],
  ) {
    super(
      'INVALID_POLICY',
      `${source} is not a valid policy: ${issues.map((issue) => `${issue.path || '(document)'}: ${issue.message}`).join('; ')}`,
    );
  }
}

/**
 * True for any {@link PolicyError}, across package copies.
 *
 * @example if (isPolicyError(error) && error.retryable) await retryLater();
 */
export function isPolicyError(value: unknown): value is PolicyError {
  return isBatonError(value) && value.code in policyErrorCodes;
}

/**
 * True for a {@link PolicyValidationError}, across package copies.
 *
 * @example if (isPolicyValidationError(error)) error.issues.forEach((issue) => console.error(formatPolicyIssue(issue)));
 */
export function isPolicyValidationError(value: unknown): value is PolicyValidationError {
  return (
    isPolicyError(value) && value.code === 'INVALID_POLICY' && Array.isArray((value as PolicyValidationError).issues)
  );
}
