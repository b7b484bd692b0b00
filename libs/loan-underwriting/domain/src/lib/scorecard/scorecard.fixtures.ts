import { ModelFeatures, ScorecardInput } from './score-application';

/** The answer the workflow substitutes when the model's output is refused: 0 points each. */
export const NEUTRAL_MODEL: ModelFeatures = {
  incomeStability: 'variable',
  purposeRisk: 'medium',
  repaymentCapacity: 'adequate',
};
export const BEST_MODEL: ModelFeatures = { incomeStability: 'stable', purposeRisk: 'low', repaymentCapacity: 'strong' };
export const WORST_MODEL: ModelFeatures = {
  incomeStability: 'unstable',
  purposeRisk: 'high',
  repaymentCapacity: 'weak',
};

/** Every one of the 27 answers the model can give. */
export const ALL_MODEL_ANSWERS: ModelFeatures[] = (['stable', 'variable', 'unstable'] as const).flatMap(
  (incomeStability) =>
    (['low', 'medium', 'high'] as const).flatMap((purposeRisk) =>
      (['strong', 'adequate', 'weak'] as const).map((repaymentCapacity) => ({
        incomeStability,
        purposeRisk,
        repaymentCapacity,
      })),
    ),
);

export type ScorecardOverrides = Partial<Omit<ScorecardInput, 'credit'>> & {
  readonly credit?: Partial<ScorecardInput['credit']>;
};

/** An unremarkable applicant: every hard-data factor at 0 points, the model neutral (score 600). */
export function scorecardInput(overrides: ScorecardOverrides = {}): ScorecardInput {
  return {
    statedAnnualIncome: 80_000,
    dti: 0.3,
    income: { verifiedAnnualIncome: 80_000, source: 'payroll' },
    assessment: NEUTRAL_MODEL,
    ...overrides,
    credit: { score: 680, openTradelines: 5, delinquencies: 0, utilization: 0.2, ...overrides.credit },
  };
}
