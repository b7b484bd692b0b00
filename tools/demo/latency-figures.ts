import { percentile } from '../bench/harness/measure';

/** Percentiles of one series of latencies, in milliseconds. */
export interface LatencyFigures {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/**
 * Nearest-rank percentiles with p95 and max (the bench harness's `figures` has neither), null for no samples.
 *
 * @example latencyFigures([12, 15, 40]).p50Ms // 15
 */
export function latencyFigures(samples: readonly number[]): LatencyFigures | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => percentile(sorted, p);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    count: sorted.length,
    p50Ms: round(rank(50)),
    p95Ms: round(rank(95)),
    p99Ms: round(rank(99)),
    meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    maxMs: round(sorted[sorted.length - 1] as number),
  };
}
