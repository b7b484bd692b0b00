import { cpus } from 'node:os';
import type { PayloadOf } from '@baton/contracts';
import { TriageAssigned } from '@baton/patient-triage-contracts';
import { startVerticalStack, type VerticalStack, type VerticalStackOptions } from '../../../stack/vertical-stack';
import type { CustomBenchSuite } from '../../harness/bench-suite';
import type { CpuBudget } from '../../harness/cpu-budget';
import { inBenchEnvironment } from '../../harness/bench-environment';
import { keepAliveAgent } from '../../harness/post-json';
import { reportOutput } from '../../harness/durability';
import { latencyChart } from '../../harness/latency-chart';
import { atConcurrency, type Figures } from '../../harness/measure';
import { round } from '../../harness/report';
import { budgetTable, cpuMsPerUnit, stackCpuGroups, withCpuBudget } from '../../harness/stack-cpu';
import { timeSubmission } from '../../harness/submission-timer';
import { phaseFigures, TRIAGE_TARGETS, verdicts, type PhaseFigures, type TriageSample } from './triage-figures';
import { triageArrivals, URGENT_EVERY } from './triage-workload';

type Assigned = PayloadOf<typeof TriageAssigned>;
type TriageStack = VerticalStack<Assigned>;

/** Worker processes beside the API: one per core left after the API and the bench client. */
const WORKERS = 1;
const MODEL_DEADLINE_MS = 500;
const SLOW_MODEL_MS = 800;

/** What one phase measured: each concurrency's figures, the c=8 samples, and how encounters were decided. */
interface PhaseResult {
  readonly c1: PhaseFigures;
  readonly c8: PhaseFigures;
  readonly c8Samples: readonly TriageSample[];
  /** Assignments by who decided and why the model's answer was not used (`rules: MODEL_DEADLINE`). */
  readonly decidedBy: Readonly<Record<string, number>>;
  readonly budget: CpuBudget | null;
}

/** Submits encounters over HTTP, each timed to its `TriageAssigned` on the bus, at concurrency 1 then 8. */
async function measurePhase(
  stack: TriageStack,
  phase: string,
  counts: { readonly warmup: number; readonly c1: number; readonly c8: number },
  progress: (message: string) => void,
): Promise<PhaseResult> {
  const agent = keepAliveAgent(16);
  const bearer = `Bearer ${await stack.token('triage-nurse', 'bench')}`;
  const arrivals = triageArrivals(phase.replace(/\W+/g, '-'));
  const decidedBy: Record<string, number> = {};
  const oneEncounter = async (): Promise<TriageSample> => {
    const encounter = arrivals();
    const { ms, payload } = await timeSubmission({
      agent,
      url: `${stack.url}/v1/encounters`,
      headers: { authorization: bearer, 'idempotency-key': encounter.encounterId },
      body: JSON.stringify(encounter),
      keyOf: (accepted: { encounterId: string }) => accepted.encounterId,
      next: (encounterId) => stack.published.next(encounterId, 60_000),
    });
    const how = payload.rulesOnly
      ? `${payload.decidedBy}: ${payload.rulesOnlyReason ?? 'rules only'}`
      : payload.decidedBy;
    decidedBy[how] = (decidedBy[how] ?? 0) + 1;
    return { ms, urgent: payload.floor <= 2 };
  };
  try {
    progress(`${phase}: warming up (${counts.warmup} encounters)`);
    for (let i = 0; i < counts.warmup; i++) await oneEncounter();
    for (const key of Object.keys(decidedBy)) delete decidedBy[key];
    const phaseProgress = (message: string) => progress(`${phase}: ${message}`);
    const c1 = await atConcurrency(oneEncounter, { count: counts.c1, concurrency: 1 }, phaseProgress, 'encounters');
    const groups = stackCpuGroups(stack.processes.map((child) => child.pid));
    const { value: c8, budget } = await withCpuBudget(groups, counts.c8, async (before, after) => {
      before();
      const measured = await atConcurrency(
        oneEncounter,
        { count: counts.c8, concurrency: 8 },
        phaseProgress,
        'encounters',
      );
      after();
      return measured;
    });
    return {
      c1: phaseFigures(c1.results, c1.elapsedSec),
      c8: phaseFigures(c8.results, c8.elapsedSec),
      c8Samples: c8.results,
      decidedBy,
      budget,
    };
  } finally {
    agent.destroy();
  }
}

/** Starts the triage app from the build, runs one phase on it, and stops it (its topology too). */
async function stackPhase(
  options: VerticalStackOptions,
  phase: string,
  counts: { readonly warmup: number; readonly c1: number; readonly c8: number },
  progress: (message: string) => void,
): Promise<PhaseResult> {
  let stack: TriageStack | null = null;
  try {
    stack = await startVerticalStack('triage', options, {
      message: TriageAssigned,
      keyOf: (assigned) => assigned.encounterId,
    });
    return await measurePhase(stack, phase, counts, progress);
  } catch (error) {
    progress(`${phase} failed: ${error instanceof Error ? error.message : String(error)}`);
    for (const child of stack?.processes ?? []) reportOutput('triage', child.output());
    throw error;
  } finally {
    await stack?.stop({ removeTopology: true });
  }
}

const figuresOf = (phase: PhaseFigures, withRate: boolean) => ({
  ...(withRate ? { perSec: Math.round(phase.perSec) } : {}),
  p50Ms: round(phase.all.p50Ms),
  p99Ms: round(phase.all.p99Ms),
  esi12P50Ms: phase.urgent ? round(phase.urgent.p50Ms) : null,
  esi12P99Ms: phase.urgent ? round(phase.urgent.p99Ms) : null,
});

/**
 * Patient triage over HTTP on the production path: an API process and a worker process from the
 * build, each encounter timed from its `POST /v1/encounters` to its `TriageAssigned` consumed
 * from the bus, at concurrency 1 and 8, one in four ESI 1-2 (the rules assign them, no model),
 * beside the floor (raw commit, raw round trip) measured in the same run; then the same on a
 * second stack whose model answers in 800 ms under the 500 ms deadline.
 */
export const triageSuite: CustomBenchSuite = {
  description:
    'triage encounters over HTTP, POST to TriageAssigned on the bus, at concurrency 1 and 8, deterministic then 800 ms model, vs raw commits and round trips',
  async run(progress, { smoke }) {
    const counts = smoke
      ? { floor: 20, fast: { warmup: 2, c1: 4, c8: 16 }, slow: { warmup: 0, c1: 2, c8: 8 } }
      : { floor: 400, fast: { warmup: 40, c1: 200, c8: 1_000 }, slow: { warmup: 8, c1: 120, c8: 400 } };
    return inBenchEnvironment('bench triage', counts.floor, progress, async (environment) => {
      const stackOptions = (modelLatencyMs: number) =>
        environment.stackOptions(WORKERS, {
          TRIAGE_MODEL_DEADLINE_MS: String(MODEL_DEADLINE_MS),
          LLM_SIMULATED_LATENCY_MS: String(modelLatencyMs),
        });
      const fast = await stackPhase(stackOptions(0), 'deterministic model', counts.fast, progress);
      const slow = await stackPhase(stackOptions(SLOW_MODEL_MS), `${SLOW_MODEL_MS} ms model`, counts.slow, progress);
      return triageReport({ fast, slow, counts, ...environment.floor, ...environment.durability });
    });
  },
};

/** The results file's content and the printed tables, verdicts and charts. */
function triageReport(run: {
  readonly fast: PhaseResult;
  readonly slow: PhaseResult;
  readonly commit: Figures;
  readonly roundTrip: Figures;
  readonly counts: Readonly<Record<string, unknown>>;
  readonly synchronousCommit: string;
  readonly fsync: string;
}): { table: string; result: Record<string, unknown> } {
  const { fast, slow, commit, roundTrip } = run;
  const judged = verdicts({
    roundTripMs: roundTrip.p50Ms,
    c1: fast.c1,
    c8: fast.c8,
    slowC1: slow.c1,
    slowC8: slow.c8,
  });
  const cores = cpus().length;
  const result = {
    config: {
      synchronousCommit: run.synchronousCommit,
      fsync: run.fsync,
      path: 'HTTP POST /v1/encounters -> API (auth, idempotency, sealing, run start) -> worker: pseudonymise, rules floor; ESI 1-2: assigned by the rules; ESI 3-5: EHR agent | guideline retrieval (parallel), llm.invoke gate, model under its deadline, output guard -> TriageAssigned consumed from RabbitMQ',
      processes: { api: 1, workers: WORKERS, benchClient: 1 },
      queues: 'quorum, durable, publisher confirms, persistent messages',
      workload: `validation-set encounters, 1 in ${URGENT_EVERY} ESI 1-2 by the rules floor, the rest ESI 3-5`,
      model: { deadlineMs: MODEL_DEADLINE_MS, slowPhaseLatencyMs: SLOW_MODEL_MS },
      samples: run.counts,
      targets: TRIAGE_TARGETS,
      ratios: {
        c8P99ToRoundTrip: round(fast.c8.all.p99Ms / roundTrip.p50Ms, 3),
        c1P50ToRoundTrip: round(fast.c1.all.p50Ms / roundTrip.p50Ms, 3),
        c1P50ToCommit: round(fast.c1.all.p50Ms / commit.p50Ms, 3),
      },
      verdicts: judged,
      decidedBy: { deterministic: fast.decidedBy, slowModel: slow.decidedBy },
      cpuMsPerAssignmentAtC8: fast.budget && cpuMsPerUnit(fast.budget),
      cpuCeilingPerSec: fast.budget && Math.round(fast.budget.ceilingPerSec),
      machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cores },
      recordedAt: new Date().toISOString(),
    },
    floor: { commitMs: round(commit.p50Ms), roundTripMs: round(roundTrip.p50Ms) },
    c1: figuresOf(fast.c1, false),
    c8: figuresOf(fast.c8, true),
    slowModel: { c1: figuresOf(slow.c1, false), c8: figuresOf(slow.c8, true) },
  };
  const rt = roundTrip.p50Ms;
  const row = (label: string, phase: PhaseFigures, rate: boolean) =>
    `| ${label} | ${round(phase.all.p50Ms)} | ${round(phase.all.p99Ms)} | ${phase.urgent ? `${round(phase.urgent.p50Ms)} / ${round(phase.urgent.p99Ms)}` : ''} | ${rate ? Math.round(phase.perSec) : ''} | ${round(phase.all.p50Ms / rt, 3)} / ${round(phase.all.p99Ms / rt, 3)} |`;
  const table = [
    '| patient triage over HTTP | p50 ms | p99 ms | ESI 1-2 p50 / p99 ms | assigned/s | x round trip (p50 / p99) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| floor: 1 raw commit | ${result.floor.commitMs} | ${round(commit.p99Ms)} | | | ${round(commit.p50Ms / rt, 3)} / ${round(commit.p99Ms / rt, 3)} |`,
    `| floor: 1 raw round trip | ${result.floor.roundTripMs} | ${round(roundTrip.p99Ms)} | | | 1 / ${round(roundTrip.p99Ms / rt, 3)} |`,
    row('encounter, concurrency 1', fast.c1, false),
    row('encounters, concurrency 8', fast.c8, true),
    row(`${SLOW_MODEL_MS} ms model, concurrency 1`, slow.c1, false),
    row(`${SLOW_MODEL_MS} ms model, concurrency 8`, slow.c8, true),
    '',
    '| target | measured (x target) | verdict |',
    '| --- | ---: | --- |',
    ...judged.map((verdict) => `| ${verdict.target} | ${verdict.measured} | ${verdict.met ? 'met' : 'UNMET'} |`),
    '',
    `decided (deterministic): ${JSON.stringify(fast.decidedBy)}; with the ${SLOW_MODEL_MS} ms model: ${JSON.stringify(slow.decidedBy)}`,
    `config: synchronous_commit=${run.synchronousCommit}, fsync=${run.fsync}, ${1 + WORKERS} app processes (api, ${WORKERS} worker) and the bench client on ${cores} cores`,
    '',
    'latency distribution, concurrency 8, deterministic model:',
    ...latencyChart(fast.c8Samples.map((sample) => sample.ms)),
    '',
    `latency distribution, concurrency 8, ${SLOW_MODEL_MS} ms model:`,
    ...latencyChart(slow.c8Samples.map((sample) => sample.ms)),
    ...(fast.budget
      ? [
          '',
          budgetTable(fast.budget, {
            vertical: 'triage',
            heading: 'CPU per assignment, concurrency 8',
            unit: 'assignment',
            cores,
          }),
        ]
      : []),
  ].join('\n');
  return { table, result };
}
