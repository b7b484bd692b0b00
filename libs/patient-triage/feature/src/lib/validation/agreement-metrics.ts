import type { EsiLevel } from '@baton/patient-triage-contracts';

const LEVELS: readonly EsiLevel[] = [1, 2, 3, 4, 5];

/** Counts of (label, assigned) pairs: `matrix[label - 1][assigned - 1]`. */
export type ConfusionMatrix = readonly (readonly number[])[];

/** Agreement between labels and assigned levels. */
export interface AgreementFigures {
  readonly cases: number;
  /** Share assigned exactly the label, 0-1. */
  readonly exact: number;
  /** Quadratic weighted kappa (Cohen, 1968): 1 is perfect, 0 is chance. */
  readonly quadraticKappa: number;
  /** Share assigned MORE urgent than the label (a lower number), 0-1. */
  readonly overTriage: number;
  /** Share assigned LESS urgent than the label, 0-1. */
  readonly underTriage: number;
  readonly confusion: ConfusionMatrix;
}

/**
 * Exact agreement, quadratic weighted kappa, over- and under-triage and the confusion matrix of
 * paired levels.
 *
 * @example agreement([{ label: 2, assigned: 2 }, { label: 4, assigned: 3 }]).exact; // 0.5
 */
export function agreement(pairs: readonly { label: EsiLevel; assigned: EsiLevel }[]): AgreementFigures {
  const confusion = LEVELS.map((label) =>
    LEVELS.map((assigned) => pairs.filter((pair) => pair.label === label && pair.assigned === assigned).length),
  );
  const n = pairs.length;
  const share = (count: number) => (n === 0 ? 0 : count / n);
  return {
    cases: n,
    exact: share(pairs.filter((pair) => pair.assigned === pair.label).length),
    quadraticKappa: quadraticKappa(confusion),
    overTriage: share(pairs.filter((pair) => pair.assigned < pair.label).length),
    underTriage: share(pairs.filter((pair) => pair.assigned > pair.label).length),
    confusion,
  };
}

/** 1 - sum(w * observed) / sum(w * expected), with w = (i - j)^2 / (k - 1)^2. */
export function quadraticKappa(confusion: ConfusionMatrix): number {
  const k = confusion.length;
  const total = confusion.flat().reduce((sum, count) => sum + count, 0);
  if (total === 0) return 0;
  const rows = confusion.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columns = confusion[0]?.map((_, j) => confusion.reduce((sum, row) => sum + (row[j] ?? 0), 0)) ?? [];
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const weight = (i - j) ** 2 / (k - 1) ** 2;
      observed += weight * (confusion[i]?.[j] ?? 0);
      expected += (weight * (rows[i] ?? 0) * (columns[j] ?? 0)) / total;
    }
  }
  return expected === 0 ? 1 : 1 - observed / expected;
}
