import { createHash } from 'node:crypto';
import { LoanError } from '../errors';

/** The four simulated outside systems the agents call. */
export type OutsideSystem = 'kyc' | 'sanctions' | 'bureau' | 'income';

/**
 * How the simulated outside systems behave: seeded data, latency, a fault rate each, and an
 * outage switch (tests and the demo turn the bureau off and on while runs are in flight).
 */
export interface OutsideSystemsConfig {
  readonly seed: number;
  readonly latencyMs: Readonly<Record<OutsideSystem, number>>;
  /** Share of calls that fail as unavailable (retryable), drawn from the seed and the call's key. */
  readonly faultRate: Readonly<Record<OutsideSystem, number>>;
  readonly outage: Record<OutsideSystem, boolean>;
}

export const defaultOutsideSystems = (seed = 42): OutsideSystemsConfig => ({
  seed,
  latencyMs: { kyc: 0, sanctions: 0, bureau: 0, income: 0 },
  faultRate: { kyc: 0, sanctions: 0, bureau: 0, income: 0 },
  outage: { kyc: false, sanctions: false, bureau: false, income: false },
});

/** A number in [0, 1) from the seed and a key: the same inputs always give the same draw. */
export function seededDraw(seed: number, key: string): number {
  const digest = createHash('sha256').update(`${seed}:${key}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/**
 * Behaves like the outside system `system` for one call: waits its latency, then fails when it
 * is out or the seeded fault draw says so (a retryable `OUTSIDE_SYSTEM_UNAVAILABLE`).
 * `attemptKey` varies per attempt, so a retried call may succeed where the first failed.
 */
export async function behaveLike(
  config: OutsideSystemsConfig,
  system: OutsideSystem,
  attemptKey: string,
): Promise<void> {
  const latency = config.latencyMs[system];
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  if (config.outage[system]) throw new LoanError('OUTSIDE_SYSTEM_UNAVAILABLE', `${system} is unavailable (outage)`);
  if (
    config.faultRate[system] > 0 &&
    seededDraw(config.seed, `${system}:fault:${attemptKey}`) < config.faultRate[system]
  ) {
    throw new LoanError('OUTSIDE_SYSTEM_UNAVAILABLE', `${system} failed to answer`);
  }
}
