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
  /** Each system's typical answer time; 0 (the default) answers at once, as the bench wants. */
  readonly latencyMs: Readonly<Record<OutsideSystem, number>>;
  /** How far one call's latency strays from the typical, as a share of it (0.25: within ±25%), seeded per application. */
  readonly jitter?: number;
  /** Share of calls that fail as unavailable (retryable), drawn from the seed and the call's key. */
  readonly faultRate: Readonly<Record<OutsideSystem, number>>;
  readonly outage: Record<OutsideSystem, boolean>;
}

/** The latencies the demo states for its outside systems (a plausible vendor API each), in ms. */
export const DEMO_OUTSIDE_LATENCY_MS: Readonly<Record<OutsideSystem, number>> = {
  kyc: 80,
  sanctions: 60,
  bureau: 150,
  income: 120,
};

export const defaultOutsideSystems = (
  seed = 42,
  latencyMs: Readonly<Record<OutsideSystem, number>> = { kyc: 0, sanctions: 0, bureau: 0, income: 0 },
  jitter = 0,
): OutsideSystemsConfig => ({
  seed,
  latencyMs,
  jitter,
  faultRate: { kyc: 0, sanctions: 0, bureau: 0, income: 0 },
  outage: { kyc: false, sanctions: false, bureau: false, income: false },
});

/** A number in [0, 1) from the seed and a key: the same inputs always give the same draw. */
export function seededDraw(seed: number, key: string): number {
  const digest = createHash('sha256').update(`${seed}:${key}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/**
 * How long `system` takes to answer for one application: its typical latency, strayed by the
 * jitter with a draw from the seed and the application, so Baton's agents and the demo's naive
 * pipeline wait the same time for the same application.
 *
 * @example outsideLatencyMs(defaultOutsideSystems(42, DEMO_OUTSIDE_LATENCY_MS, 0.25), 'bureau', 'app-1') // 112.5 to 187.5
 */
export function outsideLatencyMs(config: OutsideSystemsConfig, system: OutsideSystem, applicationId: string): number {
  const typical = config.latencyMs[system];
  const jitter = config.jitter ?? 0;
  if (typical <= 0 || jitter <= 0) return Math.max(0, typical);
  const draw = seededDraw(config.seed, `${system}:latency:${applicationId}`);
  return Math.max(0, Math.round(typical * (1 + jitter * (2 * draw - 1))));
}

/**
 * Behaves like the outside system `system` for one call: waits its latency for the application,
 * then fails when it is out or the seeded fault draw says so (a retryable
 * `OUTSIDE_SYSTEM_UNAVAILABLE`). `attemptKey` varies per attempt, so a retried call may succeed
 * where the first failed.
 */
export async function behaveLike(
  config: OutsideSystemsConfig,
  system: OutsideSystem,
  attemptKey: string,
  applicationId = attemptKey,
): Promise<void> {
  const latency = outsideLatencyMs(config, system, applicationId);
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  if (config.outage[system]) throw new LoanError('OUTSIDE_SYSTEM_UNAVAILABLE', `${system} is unavailable (outage)`);
  if (
    config.faultRate[system] > 0 &&
    seededDraw(config.seed, `${system}:fault:${attemptKey}`) < config.faultRate[system]
  ) {
    throw new LoanError('OUTSIDE_SYSTEM_UNAVAILABLE', `${system} failed to answer`);
  }
}
