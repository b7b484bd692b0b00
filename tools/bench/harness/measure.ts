import { performance } from 'node:perf_hooks';
import type { Operation } from './bench-suite';

/** Latency figures of one series of samples. */
export interface Figures {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  /** Operations per second, one after another (1000 / mean). */
  readonly perSec: number;
}

/** Times `count` sequential calls, in milliseconds each. */
export async function sample(operation: Operation, count: number): Promise<number[]> {
  const times: number[] = new Array<number>(count);
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await operation();
    times[index] = performance.now() - started;
  }
  return times;
}

/** Nearest-rank percentile. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export function figures(times: readonly number[]): Figures {
  const sorted = [...times].sort((a, b) => a - b);
  const meanMs = times.reduce((sum, time) => sum + time, 0) / times.length;
  return { samples: times.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), meanMs, perSec: 1000 / meanMs };
}

/**
 * Warms both operations up, then samples them in alternating rounds, so drift in the machine
 * (frequency, other load, the collector) touches the subject and its floor alike.
 */
export async function measurePair(
  subject: Operation,
  floor: Operation,
  options: { readonly warmup: number; readonly samples: number; readonly rounds?: number; readonly progress: (message: string) => void },
): Promise<{ readonly subject: Figures; readonly floor: Figures }> {
  options.progress(`warming up (${options.warmup} calls each)`);
  await sample(subject, options.warmup);
  await sample(floor, options.warmup);
  const rounds = options.rounds ?? 10;
  const perRound = Math.ceil(options.samples / rounds);
  const subjectTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    floorTimes.push(...(await sample(floor, perRound)));
    subjectTimes.push(...(await sample(subject, perRound)));
    options.progress(`round ${round}/${rounds}: ${subjectTimes.length} samples`);
  }
  return { subject: figures(subjectTimes), floor: figures(floorTimes) };
}
