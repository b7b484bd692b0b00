import { EmploymentStatus, LoanPurpose, RiskAssessment } from '@baton/loan-underwriting-contracts';
import { roundRatio } from './debt-to-income';

/** The non-personal facts the offline model reads: no name, SSN, email, date of birth or jurisdiction. */
export interface RiskFacts {
  readonly employmentStatus: EmploymentStatus;
  readonly purpose: LoanPurpose;
  readonly dti: number;
  readonly verifiedAnnualIncome: number;
  readonly statedAnnualIncome: number;
  readonly termMonths: number;
}

type Stability = RiskAssessment['incomeStability'];
type Capacity = RiskAssessment['repaymentCapacity'];

const STABILITY_BY_EMPLOYMENT: Readonly<Record<EmploymentStatus, Stability>> = {
  employed: 'stable',
  self_employed: 'variable',
  retired: 'variable',
  unemployed: 'unstable',
  student: 'unstable',
};
const RISK_BY_PURPOSE: Readonly<Record<LoanPurpose, RiskAssessment['purposeRisk']>> = {
  auto: 'low',
  home_improvement: 'low',
  education: 'low',
  debt_consolidation: 'medium',
  medical: 'medium',
  business: 'high',
  other: 'high',
};
const LOWER_STABILITY: Readonly<Record<Stability, Stability>> = {
  stable: 'variable',
  variable: 'unstable',
  unstable: 'unstable',
};
const LOWER_CAPACITY: Readonly<Record<Capacity, Capacity>> = { strong: 'adequate', adequate: 'weak', weak: 'weak' };

/** Terms longer than this (unsecured credit over seven years) lower repayment capacity one step. */
export const LONG_TERM_MONTHS = 84;

/**
 * The offline deterministic model provider's answer: fixed rules over non-personal facts, so a run
 * replays to the same assessment. Employment sets income stability, one step lower when verified
 * income is under 80% of stated; the purpose sets its risk; DTI sets repayment capacity (at most
 * 28% strong, at most 36% adequate, otherwise or unknown weak), one step lower for a term over
 * {@link LONG_TERM_MONTHS} months. Unknown values (outside the contract) take the worst answer.
 *
 * @example
 * deterministicRiskAssessment({ employmentStatus: 'employed', purpose: 'auto', dti: 0.15, verifiedAnnualIncome: 96_000, statedAnnualIncome: 96_000, termMonths: 36 });
 * // { incomeStability: 'stable', purposeRisk: 'low', repaymentCapacity: 'strong', rationale: 'Employment status employed ...' }
 */
export function deterministicRiskAssessment(facts: RiskFacts): RiskAssessment {
  const shortfall = facts.verifiedAnnualIncome < 0.8 * facts.statedAnnualIncome;
  const baseStability = STABILITY_BY_EMPLOYMENT[facts.employmentStatus] ?? 'unstable';
  const incomeStability = shortfall ? LOWER_STABILITY[baseStability] : baseStability;
  const purposeRisk = RISK_BY_PURPOSE[facts.purpose] ?? 'high';
  const baseCapacity: Capacity = facts.dti <= 0.28 ? 'strong' : facts.dti <= 0.36 ? 'adequate' : 'weak';
  const longTerm = facts.termMonths > LONG_TERM_MONTHS;
  const repaymentCapacity = longTerm ? LOWER_CAPACITY[baseCapacity] : baseCapacity;
  const dti = Number.isFinite(facts.dti) ? `${roundRatio(facts.dti * 100, 1)}%` : 'not computable (no income)';
  const rationale = [
    `Employment status ${facts.employmentStatus} indicates ${incomeStability} income${shortfall ? ', lowered because verified income is under 80% of stated income' : ''}.`,
    `Loan purpose ${facts.purpose} carries ${purposeRisk} risk.`,
    `Debt-to-income ${dti} over ${facts.termMonths} months indicates ${repaymentCapacity} repayment capacity${longTerm ? `, lowered for a term over ${LONG_TERM_MONTHS} months` : ''}.`,
  ].join(' ');
  return { incomeStability, purposeRisk, repaymentCapacity, rationale };
}
