import { PayloadOf } from '@baton/contracts';
import {
  CreditReportReturned,
  DecisionReason,
  IncomeVerified,
  ReasonCode,
  RiskAssessment,
} from '@baton/loan-underwriting-contracts';
import { reasonFor } from '../reason-messages';
import {
  APPROVE_AT,
  BASE_SCORE,
  bandFor,
  CREDIT_SCORE_POINTS,
  DECLINE_BELOW,
  DELINQUENCY_POINTS,
  DTI_POINTS,
  INCOME_STABILITY_POINTS,
  INCOME_UNVERIFIED_POINTS,
  PointsBand,
  PURPOSE_RISK_POINTS,
  REPAYMENT_CAPACITY_POINTS,
  UTILIZATION_POINTS,
  VERIFIED_INCOME_SHARE,
} from './scorecard-points';

/** The model's features alone: the type has no rationale, so the scorecard cannot read it. */
export type ModelFeatures = Pick<RiskAssessment, 'incomeStability' | 'purposeRisk' | 'repaymentCapacity'>;

/** What the scorecard decides on: bureau and verification findings, the DTI, and the model's features. */
export interface ScorecardInput {
  readonly credit: Pick<
    PayloadOf<typeof CreditReportReturned>,
    'score' | 'openTradelines' | 'delinquencies' | 'utilization'
  >;
  readonly income: Pick<PayloadOf<typeof IncomeVerified>, 'verifiedAnnualIncome' | 'source'>;
  readonly statedAnnualIncome: number;
  /** Exact debt-to-income ({@link debtToIncome}); `Infinity` or the 999 sentinel both score as the worst band. */
  readonly dti: number;
  /** A whole `RiskAssessment` is accepted; only its three features are read, never the rationale. */
  readonly assessment: ModelFeatures | RiskAssessment;
}

export type ScoreBand = 'approve' | 'refer' | 'decline';

/** Every factor the scorecard weighs, in the order ties between reasons are listed. */
export const SCORECARD_FACTORS = [
  'creditScore',
  'delinquencies',
  'utilization',
  'debtToIncome',
  'incomeVerification',
  'incomeStability',
  'purposeRisk',
  'repaymentCapacity',
] as const;
export type ScorecardFactor = (typeof SCORECARD_FACTORS)[number];

export interface Scorecard {
  readonly score: number;
  readonly band: ScoreBand;
  /** One reason per factor that moved the score (points not 0), principal reasons first. */
  readonly reasons: DecisionReason[];
  /** The points of every factor, 0 included: `score` is {@link BASE_SCORE} plus their sum. */
  readonly contributions: Readonly<Record<ScorecardFactor, number>>;
}

/**
 * The deterministic scorecard: "the model proposes, the scorecard decides". Hard data (bureau
 * score, delinquencies, utilisation, DTI, income verification) and the model's three named
 * features each add bounded points to {@link BASE_SCORE}; the band follows from {@link APPROVE_AT}
 * and {@link DECLINE_BELOW}. The model's whole swing (70) is smaller than the refer band (80).
 * Open tradelines are not scored: there is no reason code to explain a thin file.
 *
 * Reasons are ordered for the notice they feed: for a decline or a referral the most adverse
 * first (the principal reasons of an adverse-action notice), for an approval the most favourable
 * first; ties keep {@link SCORECARD_FACTORS} order.
 *
 * @example
 * const card = scoreApplication({
 *   credit: { score: 745, openTradelines: 6, delinquencies: 0, utilization: 0.2 },
 *   income: { verifiedAnnualIncome: 96_000, source: 'payroll' },
 *   statedAnnualIncome: 96_000,
 *   dti: 0.15,
 *   assessment: { incomeStability: 'stable', purposeRisk: 'low', repaymentCapacity: 'strong', rationale: 'never read' },
 * });
 * card.score; // 700 = 600 + 45 + 30 + 10 + 5 + 10
 * card.band;  // 'approve'
 */
export function scoreApplication(input: ScorecardInput): Scorecard {
  const factors: Record<ScorecardFactor, PointsBand> = {
    creditScore: bandFor(CREDIT_SCORE_POINTS, input.credit.score),
    delinquencies: bandFor(DELINQUENCY_POINTS, input.credit.delinquencies),
    utilization: bandFor(UTILIZATION_POINTS, input.credit.utilization),
    debtToIncome: bandFor(DTI_POINTS, input.dti),
    incomeVerification: incomeIsVerified(input) ? { points: 0, code: null } : INCOME_UNVERIFIED_POINTS,
    incomeStability: modelBand('INCOME_STABILITY', INCOME_STABILITY_POINTS, input.assessment.incomeStability),
    purposeRisk: modelBand('PURPOSE_RISK', PURPOSE_RISK_POINTS, input.assessment.purposeRisk),
    repaymentCapacity: modelBand('REPAYMENT_CAPACITY', REPAYMENT_CAPACITY_POINTS, input.assessment.repaymentCapacity),
  };
  const contributions = Object.fromEntries(
    SCORECARD_FACTORS.map((factor) => [factor, factors[factor].points]),
  ) as Record<ScorecardFactor, number>;
  const score = SCORECARD_FACTORS.reduce((sum, factor) => sum + factors[factor].points, BASE_SCORE);
  const band = bandOf(score);
  return { score, band, reasons: orderedReasons(factors, band), contributions };
}

/**
 * The band of a score.
 *
 * @example
 * bandOf(660); // 'approve'
 * bandOf(579); // 'decline'
 */
export function bandOf(score: number): ScoreBand {
  if (score >= APPROVE_AT) return 'approve';
  if (score < DECLINE_BELOW) return 'decline';
  return 'refer';
}

function incomeIsVerified({ income, statedAnnualIncome }: ScorecardInput): boolean {
  return income.source !== 'none' && income.verifiedAnnualIncome >= VERIFIED_INCOME_SHARE * statedAnnualIncome;
}

// A model answer outside the enum (the contract prevents it) scores as the worst answer, never as 0.
function modelBand<Answer extends string>(
  code: ReasonCode,
  table: Readonly<Record<Answer, number>>,
  answer: Answer,
): PointsBand {
  const points: number | undefined = table[answer];
  return { points: points ?? Math.min(...Object.values<number>(table)), code };
}

function orderedReasons(factors: Record<ScorecardFactor, PointsBand>, band: ScoreBand): DecisionReason[] {
  const direction = band === 'approve' ? -1 : 1;
  return SCORECARD_FACTORS.map((factor) => factors[factor])
    .filter((entry): entry is { points: number; code: ReasonCode } => entry.code !== null && entry.points !== 0)
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => direction * (a.entry.points - b.entry.points) || a.index - b.index)
    .map(({ entry }) => reasonFor(entry.code, entry.points));
}
