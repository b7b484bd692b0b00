import { backoffDelay } from './backoff';

describe('backoffDelay: exponential with full jitter', () => {
  const policy = { maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles the cap per failed attempt up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(policy, attempt, () => 1))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('draws uniformly below the cap, never negative', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
    expect(backoffDelay(policy, 3, () => 0.25)).toBe(100);
    expect(backoffDelay(policy, 3, () => 7)).toBe(400);
    expect(backoffDelay(policy, 3, () => -1)).toBe(0);
  });

  it('defaults to 200 ms initial and 30 s maximum', () => {
    expect(backoffDelay({ maxAttempts: 3 }, 1, () => 1)).toBe(200);
    expect(backoffDelay({ maxAttempts: 30 }, 20, () => 1)).toBe(30_000);
  });
});
