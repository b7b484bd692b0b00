import type { LoanApplication } from '@baton/loan-underwriting-contracts';

/** One way a submission breaks the `LoanApplication` contract, as clients really get it wrong. */
export interface MalformedVariant {
  readonly trait: string;
  readonly spoil: (application: LoanApplication) => unknown;
}

const withApplicant = (application: LoanApplication, change: Record<string, unknown>) => ({
  ...application,
  applicant: { ...application.applicant, ...change },
});
const withLoan = (application: LoanApplication, change: Record<string, unknown>) => ({
  ...application,
  loan: { ...application.loan, ...change },
});

/** Every variant fails the contract, so the API answers 400 and starts nothing. */
export const MALFORMED_VARIANTS: readonly MalformedVariant[] = [
  { trait: 'SSN without dashes', spoil: (a) => withApplicant(a, { ssn: a.applicant.ssn.replace(/-/g, '') }) },
  { trait: 'unknown field', spoil: (a) => withApplicant(a, { favouriteColour: 'teal' }) },
  { trait: 'negative amount', spoil: (a) => withLoan(a, { amount: -a.loan.amount }) },
  { trait: 'missing loan', spoil: (a) => ({ applicant: a.applicant }) },
  {
    trait: 'impossible date of birth',
    spoil: (a) => withApplicant(a, { dateOfBirth: `${a.applicant.dateOfBirth.slice(0, 4)}-02-30` }),
  },
  { trait: 'email without domain', spoil: (a) => withApplicant(a, { email: a.applicant.email.split('@')[0] }) },
  { trait: 'territory outside the 50 states and DC', spoil: (a) => withApplicant(a, { jurisdiction: 'PR' }) },
  { trait: 'income as a string', spoil: (a) => withApplicant(a, { annualIncome: String(a.applicant.annualIncome) }) },
  { trait: 'term under six months', spoil: (a) => withLoan(a, { termMonths: 3 }) },
  {
    trait: 'control character in a name',
    spoil: (a) => withApplicant(a, { lastName: `${a.applicant.lastName}\u0000` }),
  },
];
