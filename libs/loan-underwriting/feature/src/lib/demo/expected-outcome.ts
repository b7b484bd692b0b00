import type { IncomeVerified, LoanApplication, ReasonCode } from '@baton/loan-underwriting-contracts';
import type { PayloadOf } from '@baton/contracts';
import {
  debtToIncome,
  deterministicRiskAssessment,
  roundRatio,
  scoreApplication,
  ScoreBand,
} from '@baton/loan-underwriting-domain';
import { creditFile } from '../outside/seeded-records';

/**
 * The path an application of the synthetic portfolio is built to take:
 * - `rejected`: the API answers 400 (the body fails the contract);
 * - `policy`: the compliance policy declines it with `reasons`, before any bureau pull or model call;
 * - `referral`: an underwriter decides (a DTI from 36% to 43%, or a scorecard in the refer band);
 * - `scorecard`: the scorecard approves or declines it.
 */
export type ExpectedOutcome =
  | { readonly path: 'rejected' }
  | { readonly path: 'policy'; readonly reasons: readonly ReasonCode[] }
  | { readonly path: 'referral' }
  | { readonly path: 'scorecard'; readonly outcome: 'approved' | 'declined' };

type Income = Pick<PayloadOf<typeof IncomeVerified>, 'verifiedAnnualIncome' | 'source'>;

/**
 * What income verification can answer for an applicant. The seeded payroll confirms 90 to 105%
 * of an employee's or retiree's stated income (always verified); tax records confirm 70 to 100%
 * of a self-employed one's, drawn from the application id, which only the API assigns: both
 * sides of the 80% line are possible.
 */
function possibleIncomes(application: LoanApplication): Income[] {
  const { employmentStatus, annualIncome } = application.applicant;
  if (employmentStatus === 'unemployed' || employmentStatus === 'student')
    return [{ verifiedAnnualIncome: 0, source: 'none' }];
  if (employmentStatus === 'self_employed') {
    return [0.75, 0.95].map((share) => ({
      verifiedAnnualIncome: Math.round(annualIncome * share),
      source: 'tax_records' as const,
    }));
  }
  return [{ verifiedAnnualIncome: Math.round(annualIncome * 0.9), source: 'payroll' }];
}

/** The scorecard's band for each answer income verification may give, from the seeded credit file and the deterministic model. */
function possibleBands(seed: number, application: LoanApplication): Set<ScoreBand> {
  const { applicant, loan } = application;
  const dti = debtToIncome(applicant.monthlyDebt, applicant.annualIncome);
  const credit = creditFile(seed, applicant.ssn);
  return new Set(
    possibleIncomes(application).map((income) => {
      // The model reads the DTI as the workflow hands it over: rounded to four decimals.
      const assessment = deterministicRiskAssessment({
        employmentStatus: applicant.employmentStatus,
        purpose: loan.purpose,
        termMonths: loan.termMonths,
        dti: roundRatio(dti),
        verifiedAnnualIncome: income.verifiedAnnualIncome,
        statedAnnualIncome: applicant.annualIncome,
      });
      return scoreApplication({ credit, income, statedAnnualIncome: applicant.annualIncome, dti, assessment }).band;
    }),
  );
}

/**
 * Where a compliant application ends, as the workflow routes it: a scorecard decline first, then
 * a referral for the refer band or a compliance review (DTI over 36% up to 43%), else approval.
 * Null when it depends on what only the run knows (a self-employed applicant's verified income).
 *
 * @example expectedForCompliant(42, application) // { path: 'scorecard', outcome: 'approved' }
 */
export function expectedForCompliant(seed: number, application: LoanApplication): ExpectedOutcome | null {
  const { monthlyDebt, annualIncome } = application.applicant;
  const dti = debtToIncome(monthlyDebt, annualIncome);
  const review = dti > 0.36 && dti <= 0.43;
  const outcomes = new Set(
    [...possibleBands(seed, application)].map((band) =>
      band === 'decline' ? 'declined' : band === 'refer' || review ? 'referral' : 'approved',
    ),
  );
  if (outcomes.size !== 1) return null;
  const [only] = outcomes;
  return only === 'referral' ? { path: 'referral' } : { path: 'scorecard', outcome: only as 'approved' | 'declined' };
}
