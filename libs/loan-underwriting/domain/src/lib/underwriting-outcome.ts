import { PayloadOf } from '@baton/contracts';
import { DecisionReason, LoanDecided, ReasonCode, UnderwriterReview } from '@baton/loan-underwriting-contracts';
import { reasonFor } from './reason-messages';
import type { Scorecard, ScoreBand } from './scorecard/score-application';

type Decided = PayloadOf<typeof LoanDecided>;

/** A final decision, in the shape `LoanDecided` publishes (the score is added by the caller). */
export interface Verdict {
  readonly outcome: Decided['outcome'];
  readonly decidedBy: Decided['decidedBy'];
  readonly reasons: DecisionReason[];
}

/** A scorecard result that an underwriter must decide: `BORDERLINE_SCORE` first, then the scorecard's reasons. */
export interface Referral {
  readonly outcome: 'referred';
  readonly reasons: DecisionReason[];
}

/**
 * What a scorecard band means for the application.
 *
 * @example
 * outcomeFromBand('refer'); // 'referred'
 */
export function outcomeFromBand(band: ScoreBand): Verdict['outcome'] | Referral['outcome'] {
  return band === 'approve' ? 'approved' : band === 'decline' ? 'declined' : 'referred';
}

/**
 * The scorecard's decision: approved or declined by the scorecard with its reasons, or referred.
 *
 * @example
 * scorecardVerdict(scoreApplication(input)); // { outcome: 'approved', decidedBy: 'scorecard', reasons: [...] }
 */
export function scorecardVerdict(card: Pick<Scorecard, 'band' | 'reasons'>): Verdict | Referral {
  const outcome = outcomeFromBand(card.band);
  if (outcome === 'referred') return { outcome, reasons: [reasonFor('BORDERLINE_SCORE', null), ...card.reasons] };
  return { outcome, decidedBy: 'scorecard', reasons: card.reasons };
}

/**
 * An underwriter's review of a referral. The underwriter's reason leads; the scorecard's reasons
 * follow, so a declined referral's notice still lists the principal credit reasons. The note is
 * kept by the caller for audit and never becomes a reason.
 *
 * @example
 * reviewOutcome({ outcome: 'decline', note: 'Recent delinquency', underwriterId: 'uw-7' }, card.reasons);
 * // { outcome: 'declined', decidedBy: 'underwriter', reasons: [UNDERWRITER_DECLINED, ...card.reasons] }
 */
export function reviewOutcome(
  review: Pick<UnderwriterReview, 'outcome'>,
  scorecardReasons: readonly DecisionReason[] = [],
): Verdict {
  const approved = review.outcome === 'approve';
  return {
    outcome: approved ? 'approved' : 'declined',
    decidedBy: 'underwriter',
    reasons: [reasonFor(approved ? 'UNDERWRITER_APPROVED' : 'UNDERWRITER_DECLINED', null), ...scorecardReasons],
  };
}

/**
 * A referral no underwriter decided in time: declined by expiry, never approved by default.
 *
 * @example
 * expiredReview(card.reasons); // { outcome: 'declined', decidedBy: 'expiry', reasons: [REVIEW_EXPIRED, ...card.reasons] }
 */
export function expiredReview(scorecardReasons: readonly DecisionReason[] = []): Verdict {
  return {
    outcome: 'declined',
    decidedBy: 'expiry',
    reasons: [reasonFor('REVIEW_EXPIRED', null), ...scorecardReasons],
  };
}

/** A policy denial, or why one could not be given: no reason at all, or reasons outside `REASON_CODES`. */
export type PolicyDenialResult =
  | { readonly ok: true; readonly verdict: Verdict }
  | { readonly ok: false; readonly problem: 'NO_REASONS' | 'UNKNOWN_REASON_CODES'; readonly unknownCodes: string[] };

/**
 * The compliance policy's denial as a decision, its reasons in the policy's order, duplicates
 * dropped. A code outside `REASON_CODES` (the policy's own `NO_RULE_MATCHED`, say) is refused
 * rather than dropped: an adverse-action notice must not silently lose a reason, so the caller
 * decides what such a denial becomes.
 *
 * @example
 * policyDenial(['SANCTIONS_MATCH', 'DTI_EXCEEDS_LIMIT']);
 * // { ok: true, verdict: { outcome: 'declined', decidedBy: 'policy', reasons: [...] } }
 * policyDenial(['NO_RULE_MATCHED']); // { ok: false, problem: 'UNKNOWN_REASON_CODES', unknownCodes: ['NO_RULE_MATCHED'] }
 */
export function policyDenial(reasonCodes: readonly string[]): PolicyDenialResult {
  const codes = [...new Set(reasonCodes)];
  const unknownCodes = codes.filter((code) => !ReasonCode.safeParse(code).success);
  if (unknownCodes.length > 0) return { ok: false, problem: 'UNKNOWN_REASON_CODES', unknownCodes };
  if (codes.length === 0) return { ok: false, problem: 'NO_REASONS', unknownCodes: [] };
  const reasons = (codes as ReasonCode[]).map((code) => reasonFor(code, null));
  return { ok: true, verdict: { outcome: 'declined', decidedBy: 'policy', reasons } };
}
