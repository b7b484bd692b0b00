import { DecisionReason, ReasonCode } from '@baton/loan-underwriting-contracts';

/**
 * The adverse-action message of every reason code, worded as the principal reasons of an ECOA /
 * Regulation B notice (12 CFR 1002.9): specific, plain, about the applicant's credit and
 * application, never about a protected attribute. Favourable codes (`CREDIT_SCORE_STRONG`,
 * `DTI_LOW`) and the model features, which can move a score either way, name the factor neutrally.
 *
 * @example
 * REASON_MESSAGES.DTI_EXCEEDS_LIMIT; // 'Debt-to-income ratio is above 43%'
 */
export const REASON_MESSAGES: Readonly<Record<ReasonCode, string>> = {
  DTI_EXCEEDS_LIMIT: 'Debt-to-income ratio is above 43%',
  DTI_REVIEW: 'Debt-to-income ratio is above 36%',
  AGE_MINIMUM: 'Applicant is under 18 years of age on the date the application was received',
  JURISDICTION_NOT_LICENSED: "We are not licensed to lend in the applicant's state",
  AMOUNT_EXCEEDS_CAP: 'Loan amount exceeds half of annual income',
  SANCTIONS_MATCH: 'Applicant matched an entry on a government sanctions list',
  KYC_FAILED: "Unable to verify the applicant's identity",
  CREDIT_SCORE_LOW: 'Credit score is below our lending standard',
  CREDIT_SCORE_STRONG: 'Credit score is in a strong range',
  DELINQUENCIES: 'Delinquent past or present credit obligations with others',
  HIGH_UTILIZATION: 'Balances on revolving accounts are high in proportion to credit limits',
  INCOME_UNVERIFIED: 'Unable to verify income',
  DTI_LOW: 'Debt-to-income ratio is low',
  INCOME_STABILITY: 'Stability of income',
  PURPOSE_RISK: 'Risk associated with the purpose of the loan',
  REPAYMENT_CAPACITY: 'Capacity to repay the requested loan from income',
  BORDERLINE_SCORE: "Credit evaluation was inconclusive and requires an underwriter's review",
  UNDERWRITER_APPROVED: 'Approved by an underwriter after review',
  UNDERWRITER_DECLINED: 'Declined by an underwriter after review',
  REVIEW_EXPIRED: 'The review of the application was not completed within the time allowed',
};

/**
 * A decision reason for a code: its message and how many points it moved the score (`null` when
 * the reason is not a scorecard contribution, as for policy denials and review outcomes).
 *
 * @example
 * reasonFor('DELINQUENCIES', -25); // { code: 'DELINQUENCIES', message: 'Delinquent past or ...', points: -25 }
 */
export function reasonFor(code: ReasonCode, points: number | null): DecisionReason {
  return { code, message: REASON_MESSAGES[code], points };
}
