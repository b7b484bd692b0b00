import { ScorecardInput, scoreApplication } from './score-application';
import {
  APPROVE_AT,
  CREDIT_SCORE_POINTS,
  DECLINE_BELOW,
  INCOME_STABILITY_POINTS,
  PURPOSE_RISK_POINTS,
  REPAYMENT_CAPACITY_POINTS,
} from './scorecard-points';
import { ALL_MODEL_ANSWERS, BEST_MODEL, NEUTRAL_MODEL, scorecardInput, WORST_MODEL } from './scorecard.fixtures';

// Every band edge of every hard-data table, and a value either side.
const CREDIT_SCORES = [300, 579, 580, 619, 620, 659, 660, 699, 700, 739, 740, 779, 780, 850];
const DELINQUENCIES = [0, 1, 2, 3, 7];
const UTILIZATIONS = [0, 0.3, 0.31, 0.5, 0.51, 0.75, 0.76, 1];
const DTIS = [0, 0.2, 0.21, 0.28, 0.29, 0.36, 0.37, 0.43, 0.44, 999, Infinity];
const INCOMES = [
  { verifiedAnnualIncome: 80_000, source: 'payroll' },
  { verifiedAnnualIncome: 40_000, source: 'tax_records' },
  { verifiedAnnualIncome: 0, source: 'none' },
] as const;

const hardDataGrid: ScorecardInput[] = CREDIT_SCORES.flatMap((score) =>
  DELINQUENCIES.flatMap((delinquencies) =>
    UTILIZATIONS.flatMap((utilization) =>
      DTIS.flatMap((dti) =>
        INCOMES.map((income) => scorecardInput({ credit: { score, delinquencies, utilization }, dti, income })),
      ),
    ),
  ),
);
const swing = (table: Readonly<Record<string, number>>) =>
  Math.max(...Object.values(table)) - Math.min(...Object.values(table));
const score = (input: ScorecardInput) => scoreApplication(input).score;

describe('scorecard properties: the model proposes, the scorecard decides', () => {
  const referBand = APPROVE_AT - DECLINE_BELOW;

  it.each([
    ['income stability', INCOME_STABILITY_POINTS],
    ['purpose risk', PURPOSE_RISK_POINTS],
    ['repayment capacity', REPAYMENT_CAPACITY_POINTS],
  ])('given the %s feature, then its whole swing is at most a third of the refer band', (_name, table) => {
    expect(swing(table)).toBeLessThanOrEqual(referBand / 3);
  });

  it('given the three features together, then their swing is strictly smaller than the refer band', () => {
    expect(swing(INCOME_STABILITY_POINTS) + swing(PURPOSE_RISK_POINTS) + swing(REPAYMENT_CAPACITY_POINTS)).toBeLessThan(
      referBand,
    );
  });

  it(`given every one of the 27 model answers over ${hardDataGrid.length} hard-data inputs, then no input is approved by one answer and declined by another`, () => {
    const crossings = hardDataGrid.filter((input) => {
      const bands = new Set(ALL_MODEL_ANSWERS.map((assessment) => scoreApplication({ ...input, assessment }).band));
      return bands.has('approve') && bands.has('decline');
    });
    expect(ALL_MODEL_ANSWERS).toHaveLength(27);
    expect(crossings).toEqual([]);
  });

  it('given every hard-data input, then the best and worst model answers bound every other answer', () => {
    const outside = hardDataGrid.filter((input) => {
      const scores = ALL_MODEL_ANSWERS.map((assessment) => score({ ...input, assessment }));
      return (
        Math.max(...scores) !== score({ ...input, assessment: BEST_MODEL }) ||
        Math.min(...scores) !== score({ ...input, assessment: WORST_MODEL })
      );
    });
    expect(outside).toEqual([]);
  });
});

describe('scorecard properties: better credit never lowers the score', () => {
  const better: [string, (input: ScorecardInput) => ScorecardInput[]][] = [
    [
      'a higher bureau score',
      (input) =>
        CREDIT_SCORES.filter((s) => s > input.credit.score).map((s) => ({
          ...input,
          credit: { ...input.credit, score: s },
        })),
    ],
    [
      'fewer delinquencies',
      (input) =>
        DELINQUENCIES.filter((d) => d < input.credit.delinquencies).map((d) => ({
          ...input,
          credit: { ...input.credit, delinquencies: d },
        })),
    ],
    [
      'lower utilisation',
      (input) =>
        UTILIZATIONS.filter((u) => u < input.credit.utilization).map((u) => ({
          ...input,
          credit: { ...input.credit, utilization: u },
        })),
    ],
    ['a lower DTI', (input) => DTIS.filter((d) => d < input.dti).map((dti) => ({ ...input, dti }))],
    ['verified income', (input) => [{ ...input, income: INCOMES[0] }]],
    [
      'more open tradelines',
      (input) => [{ ...input, credit: { ...input.credit, openTradelines: input.credit.openTradelines + 10 } }],
    ],
  ];

  it.each(better)('given %s, when scored again, then the score is never lower', (_name, improve) => {
    const lowered = hardDataGrid.flatMap((input) =>
      improve(input).filter((improved) => score(improved) < score(input)),
    );
    expect(lowered).toEqual([]);
  });

  it('given the credit score bands, then their points rise with the score', () => {
    const points = CREDIT_SCORE_POINTS.map((band) => band.points);
    expect([...points].sort((a, b) => b - a)).toEqual(points);
  });

  it('given a better model answer on any one feature, then the score is never lower', () => {
    const order = {
      incomeStability: ['unstable', 'variable', 'stable'],
      purposeRisk: ['high', 'medium', 'low'],
      repaymentCapacity: ['weak', 'adequate', 'strong'],
    } as const;
    for (const [feature, answers] of Object.entries(order)) {
      const scores = answers.map((answer) =>
        score(scorecardInput({ assessment: { ...NEUTRAL_MODEL, [feature]: answer } })),
      );
      expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    }
  });
});
