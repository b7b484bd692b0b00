import { figures, type Figures } from '../../harness/measure';
import { round } from '../../harness/report';

/** One encounter's time from its POST to its `TriageAssigned` on the bus, and whether the rules floor was ESI 1-2. */
export interface TriageSample {
  readonly ms: number;
  readonly urgent: boolean;
}

/** A phase's latencies over every encounter and over the ESI 1-2 ones alone (assigned by the rules, no model). */
export interface PhaseFigures {
  readonly all: Figures;
  readonly urgent: Figures | null;
  /** Encounters assigned per second over the whole phase. */
  readonly perSec: number;
}

/** Issue 24's targets for the triage path. */
export const TRIAGE_TARGETS = {
  c8P99MsBelow: 300,
  c8P99RoundTripsBelow: 60,
  urgentP99MsBelow: 100,
  slowModelP99MsBelow: 1_000,
  /**
   * ESI 1-2 p99 with the slow model counts as unchanged when it is at most this ratio of the
   * deterministic phase's at the same concurrency, or at most this many ms above it: two phases
   * run one after the other on a shared machine differ by that much with no change in the code.
   */
  urgentUnchanged: { ratio: 1.25, ms: 10 },
} as const;

/**
 * The figures of one phase.
 *
 * @example phaseFigures([{ ms: 12, urgent: true }, { ms: 40, urgent: false }], 0.5) // perSec 4, urgent p99 12
 */
export function phaseFigures(samples: readonly TriageSample[], elapsedSec: number): PhaseFigures {
  const urgent = samples.filter((sample) => sample.urgent).map((sample) => sample.ms);
  return {
    all: figures(samples.map((sample) => sample.ms)),
    urgent: urgent.length > 0 ? figures(urgent) : null,
    perSec: samples.length / elapsedSec,
  };
}

/** Whether the slow model left ESI 1-2 as it was, by {@link TRIAGE_TARGETS}' rule. */
export function urgentUnchanged(deterministicP99Ms: number, slowP99Ms: number): boolean {
  const { ratio, ms } = TRIAGE_TARGETS.urgentUnchanged;
  return slowP99Ms <= Math.max(deterministicP99Ms * ratio, deterministicP99Ms + ms);
}

/** One target, what was measured against it, and whether it was met. */
export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/**
 * Each of issue 24's targets against the run's figures; a ratio under 1 meets its target.
 *
 * @example verdicts({ roundTripMs: 1.2, c1, c8, slowC1, slowC8 })[0] // { target: 'c=8 p99 < 300 ms', measured: '182 ms (0.607x)', met: true }
 */
export function verdicts(run: {
  readonly roundTripMs: number;
  readonly c1: PhaseFigures;
  readonly c8: PhaseFigures;
  readonly slowC1: PhaseFigures;
  readonly slowC8: PhaseFigures;
}): Verdict[] {
  const t = TRIAGE_TARGETS;
  const ratio = (value: number, limit: number) => `${round(value)} ms (${round(value / limit, 3)}x)`;
  const c8P99 = run.c8.all.p99Ms;
  const roundTrips = c8P99 / run.roundTripMs;
  const urgentOf = (phase: PhaseFigures) => phase.urgent?.p99Ms ?? Number.NaN;
  const list: Verdict[] = [
    { target: `c=8 p99 < ${t.c8P99MsBelow} ms`, measured: ratio(c8P99, t.c8P99MsBelow), met: c8P99 < t.c8P99MsBelow },
    {
      target: `c=8 p99 < ${t.c8P99RoundTripsBelow} floor round trips (p50)`,
      measured: `${round(roundTrips, 3)} round trips (${round(roundTrips / t.c8P99RoundTripsBelow, 3)}x)`,
      met: roundTrips < t.c8P99RoundTripsBelow,
    },
  ];
  for (const [label, phase] of [
    ['c=1', run.c1],
    ['c=8', run.c8],
  ] as const)
    list.push({
      target: `ESI 1-2 p99 < ${t.urgentP99MsBelow} ms, ${label}`,
      measured: ratio(urgentOf(phase), t.urgentP99MsBelow),
      met: urgentOf(phase) < t.urgentP99MsBelow,
    });
  const slowP99 = run.slowC8.all.p99Ms;
  list.push({
    target: `slow model (800 ms, 500 ms deadline): c=8 p99 < ${t.slowModelP99MsBelow} ms`,
    measured: ratio(slowP99, t.slowModelP99MsBelow),
    met: slowP99 < t.slowModelP99MsBelow,
  });
  // At c=1 nothing queues, so the comparison shows the path itself; at c=8 it also shows the load.
  for (const [label, deterministic, slow] of [
    ['c=1', run.c1, run.slowC1],
    ['c=8', run.c8, run.slowC8],
  ] as const) {
    const before = urgentOf(deterministic);
    const after = urgentOf(slow);
    list.push({
      target: `slow model: ${label} ESI 1-2 p99 unchanged (<= ${t.urgentUnchanged.ratio}x or +${t.urgentUnchanged.ms} ms)`,
      measured: `${round(after)} ms vs ${round(before)} ms (${round(after / before, 3)}x)`,
      met: urgentUnchanged(before, after),
    });
  }
  return list;
}
