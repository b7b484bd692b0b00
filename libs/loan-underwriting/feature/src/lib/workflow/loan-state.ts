import { z } from 'zod';
import {
  DecisionReason,
  RiskAssessment,
  UnderwriterReview,
  UnderwritingRequest,
} from '@baton/loan-underwriting-contracts';

/** The underwriting run's state: the request, each finding as it arrives, and the decision. */
export const LoanState = z.strictObject({
  request: UnderwritingRequest,
  kyc: z.strictObject({ status: z.enum(['verified', 'failed']), reference: z.string() }).nullable(),
  sanctions: z.strictObject({ match: z.boolean(), list: z.string().nullable(), reference: z.string() }).nullable(),
  compliance: z
    .strictObject({
      effect: z.enum(['allow', 'deny', 'review']),
      reasons: z.array(z.string()),
      policyVersion: z.string(),
    })
    .nullable(),
  credit: z
    .strictObject({
      score: z.number(),
      openTradelines: z.number(),
      delinquencies: z.number(),
      utilization: z.number(),
      reference: z.string(),
    })
    .nullable(),
  income: z
    .strictObject({
      verifiedAnnualIncome: z.number(),
      source: z.enum(['payroll', 'tax_records', 'none']),
      reference: z.string(),
    })
    .nullable(),
  assessment: RiskAssessment.nullable(),
  /** The model that was asked for the assessment (kept even when the output guard refuses its answer). */
  model: z.strictObject({ provider: z.string(), name: z.string() }).nullable(),
  /** The output guard refused the model's assessment: the scorecard decided without it. */
  assessmentRejected: z.boolean(),
  scorecard: z
    .strictObject({
      score: z.number(),
      band: z.enum(['approve', 'refer', 'decline']),
      reasons: z.array(DecisionReason),
    })
    .nullable(),
  review: UnderwriterReview.nullable(),
  decision: z
    .strictObject({
      outcome: z.enum(['approved', 'declined']),
      decidedBy: z.enum(['policy', 'scorecard', 'underwriter', 'expiry', 'verification']),
      score: z.number().nullable(),
      reasons: z.array(DecisionReason),
    })
    .nullable(),
});
export type LoanState = z.infer<typeof LoanState>;

export const initialLoanState = (request: UnderwritingRequest): LoanState => ({
  request,
  kyc: null,
  sanctions: null,
  compliance: null,
  credit: null,
  income: null,
  assessment: null,
  model: null,
  assessmentRejected: false,
  scorecard: null,
  review: null,
  decision: null,
});
