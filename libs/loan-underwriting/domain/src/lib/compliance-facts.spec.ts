import { UnderwritingRequest } from '@baton/loan-underwriting-contracts';
import { complianceFacts, NO_INCOME_RATIO } from './compliance-facts';

const PERSONAL = {
  firstName: 'Augusta',
  lastName: 'Byronsdottir',
  ssn: '078-05-1120',
  email: 'augusta.b@example.com',
  dateOfBirth: '1990-05-01',
};

const given = (applicant: Partial<UnderwritingRequest['application']['applicant']> = {}): UnderwritingRequest => ({
  applicationId: 'app-1',
  subjectId: 'subject-1',
  receivedAt: '2026-11-24T10:00:00Z',
  application: {
    applicant: {
      ...PERSONAL,
      jurisdiction: 'CA',
      annualIncome: 96_000,
      monthlyDebt: 1_200,
      employmentStatus: 'employed',
      ...applicant,
    },
    loan: { amount: 20_000, termMonths: 36, purpose: 'auto' },
    notes: 'Call me on my mobile.',
  },
});

describe('complianceFacts', () => {
  it('given an application, when the facts are taken, then they are exactly the non-personal context', () => {
    expect(complianceFacts(given(), { kycVerified: true, sanctionsMatch: false })).toEqual({
      dti: 0.15,
      ageAtReceipt: 36,
      jurisdiction: 'CA',
      amount: 20_000,
      annualIncome: 96_000,
      amountToIncome: 20_000 / 96_000,
      kycVerified: true,
      sanctionsMatch: false,
      employmentStatus: 'employed',
      purpose: 'auto',
      termMonths: 36,
    });
  });

  it.each(Object.entries(PERSONAL))(
    "given the applicant's %s, when the facts are serialised, then it never appears",
    (_field, value) => {
      const json = JSON.stringify(complianceFacts(given(), { kycVerified: false, sanctionsMatch: true }));
      expect(json).not.toContain(value);
      expect(json).not.toContain('notes');
    },
  );

  it.each([
    ['debt and no income', { annualIncome: 0, monthlyDebt: 500 }, NO_INCOME_RATIO, NO_INCOME_RATIO],
    ['no debt and no income', { annualIncome: 0, monthlyDebt: 0 }, 0, NO_INCOME_RATIO],
    ['a tiny income', { annualIncome: 1, monthlyDebt: 10_000 }, NO_INCOME_RATIO, NO_INCOME_RATIO],
  ])(
    'given %s, when the facts are taken, then the ratios are capped at the sentinel and survive JSON',
    (_name, applicant, dti, amountToIncome) => {
      const facts = complianceFacts(given(applicant), { kycVerified: true, sanctionsMatch: false });
      expect({ dti: facts.dti, amountToIncome: facts.amountToIncome }).toEqual({ dti, amountToIncome });
      expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
    },
  );

  it('given the 18th birthday on the day of receipt, when the facts are taken, then the age is 18', () => {
    expect(
      complianceFacts(given({ dateOfBirth: '2008-11-24' }), { kycVerified: true, sanctionsMatch: false }).ageAtReceipt,
    ).toBe(18);
  });
});
