import { z } from 'zod';
import { defineMessage } from '@baton/contracts';

/**
 * Every reason a decision can give, as a closed set: policy denials (before any model), bureau
 * and verification findings, model-proposed features, and the people and clocks that decide
 * referrals. Each maps to an adverse-action message in the domain library.
 */
export const REASON_CODES = [
  // Compliance policy (decided before any model call)
  'DTI_EXCEEDS_LIMIT',
  'DTI_REVIEW',
  'AGE_MINIMUM',
  'JURISDICTION_NOT_LICENSED',
  'AMOUNT_EXCEEDS_CAP',
  'SANCTIONS_MATCH',
  'KYC_FAILED',
  // Hard data in the scorecard
  'CREDIT_SCORE_LOW',
  'CREDIT_SCORE_STRONG',
  'DELINQUENCIES',
  'HIGH_UTILIZATION',
  'INCOME_UNVERIFIED',
  'DTI_LOW',
  // Model-proposed features (bounded, named)
  'INCOME_STABILITY',
  'PURPOSE_RISK',
  'REPAYMENT_CAPACITY',
  // Referral outcomes
  'BORDERLINE_SCORE',
  'UNDERWRITER_APPROVED',
  'UNDERWRITER_DECLINED',
  'REVIEW_EXPIRED',
] as const;
export const ReasonCode = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof ReasonCode>;

/** One reason of a decision: its code, the adverse-action message, and how much it moved the score. */
export const DecisionReason = z.strictObject({ code: ReasonCode, message: z.string(), points: z.number().nullable() });
export type DecisionReason = z.infer<typeof DecisionReason>;

/**
 * What the model may propose: bounded, named features only, each of which the scorecard turns
 * into a limited number of points with its own reason code. The rationale is kept for audit and
 * never read by the scorecard.
 */
export const RiskAssessment = z.strictObject({
  incomeStability: z.enum(['stable', 'variable', 'unstable']),
  purposeRisk: z.enum(['low', 'medium', 'high']),
  repaymentCapacity: z.enum(['strong', 'adequate', 'weak']),
  rationale: z.string().max(1_000),
});
export type RiskAssessment = z.infer<typeof RiskAssessment>;

/** The decision on an application, published with its adverse-action reasons. */
export const LoanDecided = defineMessage(
  'loan.application.decided',
  1,
  z.strictObject({
    applicationId: z.string(),
    outcome: z.enum(['approved', 'declined']),
    decidedBy: z.enum(['policy', 'scorecard', 'underwriter', 'expiry', 'verification']),
    score: z.number().nullable(),
    reasons: z.array(DecisionReason),
    policyVersion: z.string().nullable(),
    model: z.strictObject({ provider: z.string(), name: z.string() }).nullable(),
  }),
);

/** An underwriter's review of a referred application (the workflow's signal). */
export const UnderwriterReview = z.strictObject({
  outcome: z.enum(['approve', 'decline']),
  note: z.string().max(1_000),
  underwriterId: z.string().min(1).max(100),
});
export type UnderwriterReview = z.infer<typeof UnderwriterReview>;
