/**
 * Debt-to-income ratio: existing monthly debt payments over gross monthly income. The payment of
 * the loan applied for is not included (the compliance limits are written against existing debt).
 * Not rounded: the policies compare exact values, so 0.36 must stay 0.36.
 *
 * No income: any debt gives `Infinity`, no debt gives `0` (nothing owed on nothing earned).
 *
 * @example
 * debtToIncome(1_200, 96_000); // 0.15
 * debtToIncome(500, 0);        // Infinity
 */
export function debtToIncome(monthlyDebt: number, annualIncome: number): number {
  if (annualIncome === 0) return monthlyDebt > 0 ? Infinity : 0;
  return monthlyDebt / (annualIncome / 12);
}

/**
 * Rounds a ratio for display (never for a decision), to `digits` decimal places; non-finite
 * values pass through unchanged.
 *
 * @example
 * roundRatio(1 / 3, 4); // 0.3333
 */
export function roundRatio(ratio: number, digits = 4): number {
  if (!Number.isFinite(ratio)) return ratio;
  const scale = 10 ** digits;
  return Math.round(ratio * scale) / scale;
}
