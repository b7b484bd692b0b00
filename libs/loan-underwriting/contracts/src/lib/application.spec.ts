import { toContractIssues } from '@baton/contracts';
import { LoanApplication, UnderwritingRequest, US_JURISDICTIONS } from './application';
import { KycCheckRequested, LoanDecided } from '../index';

const valid = {
  applicant: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    dateOfBirth: '1990-05-01',
    ssn: '078-05-1120',
    email: 'ada@example.com',
    jurisdiction: 'CA',
    annualIncome: 96_000,
    monthlyDebt: 1_200,
    employmentStatus: 'employed',
  },
  loan: { amount: 20_000, termMonths: 36, purpose: 'auto' },
};
const issues = (value: unknown) => {
  const parsed = LoanApplication.safeParse(value);
  return parsed.success ? [] : toContractIssues(parsed.error.issues).map((issue) => `${issue.path}:${issue.rule}`);
};

describe('loan application contracts', () => {
  it('refuses control characters in names and notes (PostgreSQL refuses NUL), but lets notes span lines', () => {
    expect(issues({ ...valid, applicant: { ...valid.applicant, firstName: 'Ada\u0000' } })).toEqual([
      'applicant.firstName:invalid_format',
    ]);
    expect(issues({ ...valid, notes: 'call\u0000me' })).toEqual(['notes:invalid_format']);
    expect(issues({ ...valid, notes: 'line one\nline two\tend' })).toEqual([]);
  });

  it('accepts a complete application, with or without notes', () => {
    expect(issues(valid)).toEqual([]);
    expect(issues({ ...valid, notes: 'Prefers email.' })).toEqual([]);
  });

  it('has the 50 states and DC as jurisdictions', () => {
    expect(US_JURISDICTIONS).toHaveLength(51);
    expect(new Set(US_JURISDICTIONS).size).toBe(51);
  });

  it.each([
    [
      'a jurisdiction that is not a US state code',
      { ...valid, applicant: { ...valid.applicant, jurisdiction: 'ON' } },
      'applicant.jurisdiction:invalid_value',
    ],
    [
      'a date of birth that does not exist',
      { ...valid, applicant: { ...valid.applicant, dateOfBirth: '1990-02-30' } },
      'applicant.dateOfBirth:custom',
    ],
    [
      'a malformed SSN',
      { ...valid, applicant: { ...valid.applicant, ssn: '078051120' } },
      'applicant.ssn:invalid_format',
    ],
    [
      'a negative income',
      { ...valid, applicant: { ...valid.applicant, annualIncome: -1 } },
      'applicant.annualIncome:too_small',
    ],
    ['a fractional term', { ...valid, loan: { ...valid.loan, termMonths: 12.5 } }, 'loan.termMonths:invalid_type'],
    ['an unknown field', { ...valid, referrer: 'x' }, 'referrer:unrecognized_keys'],
  ])('refuses %s, naming the field and the rule', (_name, value, expected) => {
    expect(issues(value)).toContain(expected);
  });

  it('wraps the application with its id and receipt instant for the workflow', () => {
    expect(
      UnderwritingRequest.safeParse({
        applicationId: 'app-1',
        subjectId: 'subj-1',
        receivedAt: '2026-11-24T10:00:00Z',
        application: valid,
      }).success,
    ).toBe(true);
    expect(
      UnderwritingRequest.safeParse({
        applicationId: 'app-1',
        subjectId: 'subj-1',
        receivedAt: 'yesterday',
        application: valid,
      }).success,
    ).toBe(false);
  });

  it('defines agent and decision messages as strict, versioned contracts', () => {
    expect([KycCheckRequested.type, KycCheckRequested.version]).toEqual(['loan.kyc.check-requested', 1]);
    const decided = LoanDecided.create(
      {
        applicationId: 'app-1',
        outcome: 'declined',
        decidedBy: 'policy',
        score: null,
        reasons: [{ code: 'DTI_EXCEEDS_LIMIT', message: 'Debt-to-income ratio is above 43%', points: null }],
        policyVersion: '1',
        model: null,
      },
      { correlationId: 'app-1', tenantId: 'acme', actor: { kind: 'service', id: 'loan' } },
    );
    expect(LoanDecided.parse(decided).ok).toBe(true);
  });
});
