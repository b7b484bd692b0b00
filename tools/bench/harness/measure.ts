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

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export function figures(times: readonly number[]): Figures {
  const sorted = [...times].sort((a, b) => a - b);
  const meanMs = times.reduce((sum, time) => sum + time, 0) / times.length;
  return {
    samples: times.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs,
    perSec: 1000 / meanMs,
  };
}

/**
 * Warms both operations up, then samples them in alternating rounds, so drift in the machine
 * (frequency, other load, the collector) touches the subject and its floor alike.
 */
export async function measurePair(
  subject: Operation,
  floor: Operation,
  options: {
    readonly warmup: number;
    readonly samples: number;
    readonly rounds?: number;
    readonly progress: (message: string) => void;
  },
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

/**
 * Calls `operation` `count` times with `concurrency` calls in flight, reporting progress every
 * fifth of the way; resolves with every result (in completion order) and the phase's seconds.
 *
 * @example const { results, elapsedSec } = await atConcurrency(oneEncounter, { count: 400, concurrency: 8 }, progress, 'encounters');
 */
export async function atConcurrency<T>(
  operation: () => Promise<T>,
  run: { readonly count: number; readonly concurrency: number },
  progress: (message: string) => void,
  unit: string,
): Promise<{ readonly results: T[]; readonly elapsedSec: number }> {
  const results: T[] = [];
  let remaining = run.count;
  const every = Math.max(1, Math.floor(run.count / 5));
  const began = performance.now();
  const lanes = await Promise.allSettled(
    Array.from({ length: run.concurrency }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        try {
          results.push(await operation());
        } catch (error) {
          remaining = 0; // The other lanes finish what they hold and stop, so the caller tears down an idle stack.
          throw error;
        }
        if (results.length % every === 0 || results.length === run.count)
          progress(`concurrency ${run.concurrency}: ${results.length}/${run.count} ${unit}`);
      }
    }),
  );
  const failed = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
  if (failed) throw failed.reason;
  return { results, elapsedSec: (performance.now() - began) / 1000 };
}

/**
 * Warms up, then times `operation` (which resolves with its own latency in milliseconds) one
 * after another and then 32 at a time, reporting progress; the concurrent figures carry the
 * throughput over the whole concurrent phase.
 *
 * @example const { c1, c32 } = await sequentialThenConcurrent(oneRun, { warmup: 40, c1: 200, c32: 1_600 }, progress, 'runs');
 */
export async function sequentialThenConcurrent(
  operation: () => Promise<number>,
  counts: { readonly warmup: number; readonly c1: number; readonly c32: number },
  progress: (message: string) => void,
  unit: string,
  /** Called right before and right after the concurrent phase (to read CPU time around it). */
  hooks: { readonly beforeConcurrent?: () => void; readonly afterConcurrent?: () => void } = {},
): Promise<{ readonly c1: Figures; readonly c32: Figures }> {
  progress(`warming up (${counts.warmup} ${unit})`);
  for (let i = 0; i < counts.warmup; i++) await operation();
  const c1 = await atConcurrency(operation, { count: counts.c1, concurrency: 1 }, progress, unit);
  hooks.beforeConcurrent?.();
  const c32 = await atConcurrency(operation, { count: counts.c32, concurrency: 32 }, progress, unit);
  hooks.afterConcurrent?.();
  return { c1: figures(c1.results), c32: { ...figures(c32.results), perSec: c32.results.length / c32.elapsedSec } };
}
