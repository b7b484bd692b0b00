import type { RetryPolicy } from '../definition/steps';

export const DEFAULT_INITIAL_DELAY_MS = 200;
export const DEFAULT_MAX_DELAY_MS = 30_000;

/**
 * The delay before the attempt after `failedAttempt`, with full jitter (AWS architecture blog,
 * "Exponential Backoff And Jitter"): uniformly random in [0, min(max, initial * 2^(n-1))], so
 * runs that failed together do not retry together. `random` is injected so a run's delays are
 * reproducible in tests; the engine records the delay it drew in the run's history.
 *
 * @example backoffDelay({ maxAttempts: 5, initialDelayMs: 100 }, 3, () => 0.5) // 200
 */
export function backoffDelay(policy: RetryPolicy, failedAttempt: number, random: () => number): number {
  const initial = policy.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  const cap = Math.min(policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, initial * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(Math.min(1, Math.max(0, random())) * cap);
}
