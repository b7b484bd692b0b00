import { ReasonCode, RiskAssessment } from '@baton/loan-underwriting-contracts';

/** Where every application starts, before any factor. */
export const BASE_SCORE = 600;
/** A score at or above this is approved by the scorecard. */
export const APPROVE_AT = 660;
/** A score below this is declined by the scorecard; from here up to {@link APPROVE_AT} it is referred. */
export const DECLINE_BELOW = 580;
/** Verified income below this share of the stated income counts as unverified. */
export const VERIFIED_INCOME_SHARE = 0.8;

/** One band of a hard-data factor: the points it adds and the reason it gives (none for 0). */
export interface PointsBand {
  readonly points: number;
  readonly code: ReasonCode | null;
}
/** A band that applies to values at or above `from`. */
export interface FromBand extends PointsBand {
  readonly from: number;
}
/** A band that applies to values at or below `upTo`. */
export interface UpToBand extends PointsBand {
  readonly upTo: number;
}

/** Bureau score (300-850): the strongest single factor, both ways. */
export const CREDIT_SCORE_POINTS: readonly FromBand[] = [
  { from: 780, points: 60, code: 'CREDIT_SCORE_STRONG' },
  { from: 740, points: 45, code: 'CREDIT_SCORE_STRONG' },
  { from: 700, points: 30, code: 'CREDIT_SCORE_STRONG' },
  { from: 660, points: 0, code: null },
  { from: 620, points: -20, code: 'CREDIT_SCORE_LOW' },
  { from: 580, points: -50, code: 'CREDIT_SCORE_LOW' },
  { from: -Infinity, points: -80, code: 'CREDIT_SCORE_LOW' },
];

/** Delinquent accounts on the bureau report: penalties only (a clean record is the norm). */
export const DELINQUENCY_POINTS: readonly UpToBand[] = [
  { upTo: 0, points: 0, code: null },
  { upTo: 1, points: -25, code: 'DELINQUENCIES' },
  { upTo: 2, points: -50, code: 'DELINQUENCIES' },
  { upTo: Infinity, points: -80, code: 'DELINQUENCIES' },
];

/** Revolving utilisation (0-1): penalties only, from 30%. */
export const UTILIZATION_POINTS: readonly UpToBand[] = [
  { upTo: 0.3, points: 0, code: null },
  { upTo: 0.5, points: -10, code: 'HIGH_UTILIZATION' },
  { upTo: 0.75, points: -25, code: 'HIGH_UTILIZATION' },
  { upTo: Infinity, points: -40, code: 'HIGH_UTILIZATION' },
];

/** Debt-to-income, inclusive upper bounds matching the compliance policy (exactly 36% is not a review). */
export const DTI_POINTS: readonly UpToBand[] = [
  { upTo: 0.2, points: 30, code: 'DTI_LOW' },
  { upTo: 0.28, points: 15, code: 'DTI_LOW' },
  { upTo: 0.36, points: 0, code: null },
  { upTo: 0.43, points: -20, code: 'DTI_REVIEW' },
  { upTo: Infinity, points: -50, code: 'DTI_EXCEEDS_LIMIT' },
];

/** Income the verification could not confirm (no source, or under {@link VERIFIED_INCOME_SHARE} of stated). */
export const INCOME_UNVERIFIED_POINTS: PointsBand = { points: -40, code: 'INCOME_UNVERIFIED' };

/**
 * The model's features. Each swings at most 25 points (best to worst), under a third of the
 * 80-point refer band; together at most 70, under the whole band: no model answer alone can turn
 * an approval into a decline or back. Each can hurt more than it helps, on purpose.
 */
export const INCOME_STABILITY_POINTS: Readonly<Record<RiskAssessment['incomeStability'], number>> = {
  stable: 10,
  variable: 0,
  unstable: -15,
};
export const PURPOSE_RISK_POINTS: Readonly<Record<RiskAssessment['purposeRisk'], number>> = {
  low: 5,
  medium: 0,
  high: -15,
};
export const REPAYMENT_CAPACITY_POINTS: Readonly<Record<RiskAssessment['repaymentCapacity'], number>> = {
  strong: 10,
  adequate: 0,
  weak: -15,
};

/**
 * The band a value falls in: the first `from` band it reaches, or the first `upTo` band that holds
 * it. A value that fits none (NaN) gets the last, worst band, so bad data never earns points.
 *
 * @example
 * bandFor(CREDIT_SCORE_POINTS, 745).points; // 45
 */
export function bandFor(table: readonly (FromBand | UpToBand)[], value: number): PointsBand {
  const found = table.find((band) => ('from' in band ? value >= band.from : value <= band.upTo));
  return found ?? (table[table.length - 1] as PointsBand);
}
