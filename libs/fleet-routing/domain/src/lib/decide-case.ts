import type { FleetAssessment, FleetDecision, FleetReview } from '@baton/fleet-routing-contracts';

/** A case's verdict from the rules: decided, or referred to a reviewer. */
export type CaseVerdict =
  | { readonly kind: 'decided'; readonly decision: FleetDecision }
  | { readonly kind: 'referred'; readonly score: number; readonly reasons: readonly string[] };

/** At or above: accepted by the rules. Below `REJECT_BELOW`: rejected. Between: a reviewer decides. */
export const ACCEPT_FROM = 70;
export const REJECT_BELOW = 40;
/** What a complex case costs on the score: the model's view moves it, never decides it alone. */
export const COMPLEXITY_PENALTY = 20;

/**
 * The rules' verdict on a case from hard data (the registry's rating) and the model's bounded
 * assessment, when the policy let the model run. Pure: no clock, no I/O.
 *
 * @example
 * decideCase({ rating: 80, assessment: { complexity: 'routine', rationale: '' } })
 * // { kind: 'decided', decision: { outcome: 'accepted', decidedBy: 'rules', score: 80, reasons: ['RATING_HIGH'] } }
 */
export function decideCase(evidence: { rating: number; assessment: FleetAssessment | null }): CaseVerdict {
  const complex = evidence.assessment?.complexity === 'complex';
  const score = Math.max(0, evidence.rating - (complex ? COMPLEXITY_PENALTY : 0));
  const reasons = [...(complex ? ['COMPLEX_CASE'] : []), ...(evidence.assessment ? [] : ['NO_ASSESSMENT'])];
  if (score >= ACCEPT_FROM)
    return {
      kind: 'decided',
      decision: { outcome: 'accepted', decidedBy: 'rules', score, reasons: ['RATING_HIGH', ...reasons] },
    };
  if (score < REJECT_BELOW)
    return {
      kind: 'decided',
      decision: { outcome: 'rejected', decidedBy: 'rules', score, reasons: ['RATING_LOW', ...reasons] },
    };
  return { kind: 'referred', score, reasons: ['NEEDS_REVIEW', ...reasons] };
}

/**
 * A referred case's decision: the reviewer's, or a rejection when nobody answered in time.
 *
 * @example settleReferral({ score: 55, reasons: ['NEEDS_REVIEW'] }, null).decidedBy // 'expiry'
 */
export function settleReferral(
  referred: { score: number; reasons: readonly string[] },
  review: FleetReview | null,
): FleetDecision {
  if (!review)
    return {
      outcome: 'rejected',
      decidedBy: 'expiry',
      score: referred.score,
      reasons: [...referred.reasons, 'REVIEW_EXPIRED'],
    };
  return {
    outcome: review.outcome === 'accept' ? 'accepted' : 'rejected',
    decidedBy: 'reviewer',
    score: referred.score,
    reasons: [...referred.reasons],
  };
}
