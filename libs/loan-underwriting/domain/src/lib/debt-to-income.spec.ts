import { debtToIncome, roundRatio } from './debt-to-income';

describe('debtToIncome', () => {
  it.each([
    ['a quarter of monthly income', 2_000, 96_000, 0.25],
    ['exactly the 36% review boundary', 3_600, 120_000, 0.36],
    ['exactly the 43% limit', 4_300, 120_000, 0.43],
    ['no debt', 0, 50_000, 0],
    ['no debt and no income', 0, 0, 0],
    ['debt and no income', 500, 0, Infinity],
  ])('given %s, when computed, then it is the exact ratio', (_name, monthlyDebt, annualIncome, expected) => {
    expect(debtToIncome(monthlyDebt, annualIncome)).toBe(expected);
  });

  it('given the boundaries, when compared, then they are exact and not rounded across the limit', () => {
    expect(debtToIncome(3_600, 120_000) > 0.36).toBe(false);
    expect(debtToIncome(4_300, 120_000) > 0.43).toBe(false);
    expect(debtToIncome(4_300.01, 120_000) > 0.43).toBe(true);
  });
});

describe('roundRatio', () => {
  it.each([
    [1 / 3, 4, 0.3333],
    [0.123456, 2, 0.12],
    [Infinity, 4, Infinity],
  ])('given %p, when rounded to %p places, then it is %p', (ratio, digits, expected) => {
    expect(roundRatio(ratio, digits)).toBe(expected);
  });
});
