import type { ReadinessCheck } from './readiness-check';

/** `up` or `down` per check, by name. */
export type ReadinessReport = Record<string, 'up' | 'down'>;

/** Each check's outcome, run side by side, a check that has not answered within `timeoutMs` counting as down. */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<{ report: ReadinessReport; failures: Array<{ name: string; reason: unknown }> }> {
  const outcomes = await Promise.allSettled(checks.map((check) => withTimeout(check.check(), timeoutMs, check.name)));
  const report: ReadinessReport = {};
  const failures: Array<{ name: string; reason: unknown }> = [];
  outcomes.forEach((outcome, index) => {
    const name = (checks[index] as ReadinessCheck).name;
    report[name] = outcome.status === 'fulfilled' ? 'up' : 'down';
    if (outcome.status === 'rejected') failures.push({ name, reason: outcome.reason });
  });
  return { report, failures };
}

function withTimeout(work: Promise<void>, timeoutMs: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
