import { RiskAssessment } from '@baton/loan-underwriting-contracts';
import { deterministicRiskAssessment, RiskFacts } from './deterministic-risk-assessment';

const facts = (overrides: Partial<RiskFacts> = {}): RiskFacts => ({
  employmentStatus: 'employed',
  purpose: 'auto',
  dti: 0.15,
  verifiedAnnualIncome: 96_000,
  statedAnnualIncome: 96_000,
  termMonths: 36,
  ...overrides,
});
const features = (assessment: RiskAssessment) => [
  assessment.incomeStability,
  assessment.purposeRisk,
  assessment.repaymentCapacity,
];

describe('deterministicRiskAssessment', () => {
  it.each([
    ['a salaried auto loan at low DTI', {}, ['stable', 'low', 'strong']],
    ['self-employed', { employmentStatus: 'self_employed' }, ['variable', 'low', 'strong']],
    ['a student', { employmentStatus: 'student' }, ['unstable', 'low', 'strong']],
    ['verified income under 80% of stated', { verifiedAnnualIncome: 76_799 }, ['variable', 'low', 'strong']],
    ['verified income at exactly 80% of stated', { verifiedAnnualIncome: 76_800 }, ['stable', 'low', 'strong']],
    ['debt consolidation', { purpose: 'debt_consolidation' }, ['stable', 'medium', 'strong']],
    ['a business purpose', { purpose: 'business' }, ['stable', 'high', 'strong']],
    ['DTI of exactly 28%', { dti: 0.28 }, ['stable', 'low', 'strong']],
    ['DTI of exactly 36%', { dti: 0.36 }, ['stable', 'low', 'adequate']],
    ['DTI above 36%', { dti: 0.37 }, ['stable', 'low', 'weak']],
    ['no income (DTI Infinity)', { dti: Infinity }, ['stable', 'low', 'weak']],
    ['a DTI that is not a number', { dti: Number.NaN }, ['stable', 'low', 'weak']],
    ['a term of exactly 84 months', { termMonths: 84 }, ['stable', 'low', 'strong']],
    ['a term over 84 months', { termMonths: 120 }, ['stable', 'low', 'adequate']],
    [
      'an employment status outside the contract',
      { employmentStatus: 'astronaut' as never },
      ['unstable', 'low', 'strong'],
    ],
  ] as const)('given %s, when assessed, then the features follow the rules', (_name, overrides, expected) => {
    const assessment = deterministicRiskAssessment(facts(overrides));
    expect(features(assessment)).toEqual(expected);
    expect(RiskAssessment.safeParse(assessment).success).toBe(true);
  });

  it('given the same facts twice, when assessed, then the answers are identical, rationale included', () => {
    expect(deterministicRiskAssessment(facts({ dti: 0.3127 }))).toEqual(
      deterministicRiskAssessment(facts({ dti: 0.3127 })),
    );
    expect(deterministicRiskAssessment(facts({ dti: 0.3127 })).rationale).toBe(
      'Employment status employed indicates stable income. Loan purpose auto carries low risk. Debt-to-income 31.3% over 36 months indicates adequate repayment capacity.',
    );
  });

  it('given any facts, when assessed, then the rationale cites no protected attribute', () => {
    const protectedWords = /\b(?:race|ethnic|religio|sex|gender|marital|married|divorced|widow|national|pregnan)/i;
    const rationales = (['employed', 'self_employed', 'unemployed', 'retired', 'student'] as const).map(
      (employmentStatus) =>
        deterministicRiskAssessment(
          facts({ employmentStatus, dti: Infinity, termMonths: 120, verifiedAnnualIncome: 0 }),
        ).rationale,
    );
    expect(rationales.filter((rationale) => protectedWords.test(rationale))).toEqual([]);
  });
});
