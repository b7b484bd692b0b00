import { EmploymentStatus, Jurisdiction, LoanPurpose, UnderwritingRequest } from '@baton/loan-underwriting-contracts';
import { ageOn } from './age-on';
import { debtToIncome } from './debt-to-income';

/**
 * Stands for "no income" in a ratio. The facts are stored as JSON in the audit log and JSON has
 * no `Infinity`, so every ratio is capped here: far above any limit a policy sets (0.43, 0.5), it
 * denies exactly as `Infinity` would. The loan-compliance policy documents the same value.
 */
export const NO_INCOME_RATIO = 999;

/**
 * What the compliance policy judges: non-personal facts only (no name, SSN, email or date of
 * birth; the age at receipt stands in for the date of birth). A type alias, not an interface,
 * so it is assignable to a JSON-object context.
 */
export type ComplianceFacts = {
  /** Existing monthly debt over monthly income, exact; {@link NO_INCOME_RATIO} at most. */
  readonly dti: number;
  /** Completed years of age at the instant the application was received. */
  readonly ageAtReceipt: number;
  readonly jurisdiction: Jurisdiction;
  readonly amount: number;
  readonly annualIncome: number;
  /** Amount over annual income, exact; {@link NO_INCOME_RATIO} at most. */
  readonly amountToIncome: number;
  readonly kycVerified: boolean;
  readonly sanctionsMatch: boolean;
  readonly employmentStatus: EmploymentStatus;
  readonly purpose: LoanPurpose;
  readonly termMonths: number;
};

/** The screening results the policy needs besides the application. */
export interface ScreeningFindings {
  readonly kycVerified: boolean;
  readonly sanctionsMatch: boolean;
}

/**
 * The compliance policy's context for one request: every fact computed here, none of the
 * applicant's personal data copied, and JSON-safe (no `Infinity`).
 *
 * @example
 * const facts = complianceFacts(request, { kycVerified: true, sanctionsMatch: false });
 * facts.dti; // 0.15 for 1,200 a month on 96,000 a year
 */
export function complianceFacts(request: UnderwritingRequest, findings: ScreeningFindings): ComplianceFacts {
  const { applicant, loan } = request.application;
  return {
    dti: capRatio(debtToIncome(applicant.monthlyDebt, applicant.annualIncome)),
    ageAtReceipt: ageOn(applicant.dateOfBirth, request.receivedAt),
    jurisdiction: applicant.jurisdiction,
    amount: loan.amount,
    annualIncome: applicant.annualIncome,
    amountToIncome: capRatio(applicant.annualIncome === 0 ? Infinity : loan.amount / applicant.annualIncome),
    kycVerified: findings.kycVerified,
    sanctionsMatch: findings.sanctionsMatch,
    employmentStatus: applicant.employmentStatus,
    purpose: loan.purpose,
    termMonths: loan.termMonths,
  };
}

function capRatio(ratio: number): number {
  return Math.min(ratio, NO_INCOME_RATIO);
}
