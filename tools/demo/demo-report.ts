import type { PortfolioEntry, PortfolioKind } from '@baton/loan-underwriting-feature';
import { figure, KPI_BANDS, KpiFigure, VerticalKpis } from '@baton/observability';
import type { RunRecord } from './event-store-figures';
import { latencyFigures, LatencyFigures } from './latency-figures';
import { HostedPrice, priceUsage } from './model-pricing';
import type { NaiveRun } from './naive-pipeline';
import { countPaths, joinEntries, matchesExpectation, ObservedPath, pathsByKind } from './outcome-figures';
import type { PortfolioRun } from './portfolio-run';

/** One pipeline of the comparison, at the same model latency and concurrency. */
export interface PipelineFigures {
  readonly applications: number;
  readonly modelCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  /** Time spent waiting on the model, summed over calls (the gateway's recorded latency). */
  readonly modelWaitMs: number;
  /** First application in to the last one settled (decided, or referred to an underwriter). */
  readonly wallMs: number;
  /** Per application, in to settled. */
  readonly latency: LatencyFigures | null;
  /** Model calls whose input carried the applicant's name, SSN, email and date of birth. */
  readonly callsWithPersonalData: number;
}

/** Every figure of the demo's report: the Markdown shows these and nothing else. */
export interface DemoReport {
  readonly generatedAt: string;
  readonly options: {
    readonly size: number;
    readonly seed: number;
    readonly concurrency: number;
    readonly modelLatencyMs: number;
    /** The simulated outside systems' typical latencies (ms) and jitter, paid by both pipelines. */
    readonly outside: { readonly latencyMs: Readonly<Record<string, number>>; readonly jitter: number };
    readonly layout: string;
    readonly schema: string;
    readonly namespace: string;
  };
  readonly tenants: { readonly main: string; readonly comparison: string };
  readonly price: Omit<HostedPrice, 'resolved'>;
  readonly portfolio: {
    readonly byKind: Record<PortfolioKind, number>;
    readonly pathsByKind: Record<PortfolioKind, Record<ObservedPath, number>>;
    readonly asExpected: number;
    readonly unexpected: ReadonlyArray<{
      readonly index: number;
      readonly kind: PortfolioKind;
      readonly trait: string;
      readonly expected: unknown;
      readonly observed: ObservedPath;
    }>;
  };
  readonly outcomes: Record<ObservedPath, number> & { readonly total: number };
  readonly policyGate: {
    readonly deniedByPolicy: number;
    readonly deniedWithModelCall: number;
    readonly deniedWithBureauPull: number;
    readonly ok: boolean;
    readonly byReason: Record<string, number>;
  };
  readonly model: {
    readonly calls: number;
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly costUsd: number;
    readonly ledgerCostUsd: number;
    readonly callsAvoided: number;
    readonly costAvoidedUsd: number;
    readonly bureauPulls: number;
    readonly bureauPullsAvoided: number;
  };
  readonly latency: {
    readonly automated: LatencyFigures | null;
    readonly policyDenials: LatencyFigures | null;
    readonly scorecard: LatencyFigures | null;
    readonly toReferral: LatencyFigures | null;
    readonly referralToFinalDecision: LatencyFigures | null;
  };
  readonly kpis: {
    readonly transactions: number;
    readonly infraCostPerStepUsd: number;
    readonly successRate: KpiFigure;
    readonly costPerTransactionLedgerUsd: KpiFigure;
    readonly costPerTransactionPricedUsd: KpiFigure;
    readonly automatedLatencyP99Ms: KpiFigure;
  };
  readonly comparison: {
    readonly modelLatencyMs: number;
    readonly naive: PipelineFigures;
    readonly gated: PipelineFigures;
    readonly saved: {
      readonly calls: number;
      readonly costUsd: number;
      readonly modelWaitMs: number;
      readonly wallMs: number;
      readonly callsShare: number;
      readonly costShare: number;
      readonly modelWaitShare: number;
      readonly wallShare: number;
    };
    /** Applications both pipelines sent to the same outcome (approved, declined or referred). */
    readonly outcomesAgree: number;
  };
  /** Latency samples for the chart, in milliseconds. */
  readonly samples: {
    readonly main: readonly number[];
    readonly gated: readonly number[];
    readonly naive: readonly number[];
  };
  readonly files: { readonly markdown: string; readonly json: string; readonly chart: string };
  wallMs: number;
}

export interface ReportInput {
  readonly options: DemoReport['options'];
  readonly price: HostedPrice;
  readonly entries: readonly PortfolioEntry[];
  readonly main: {
    readonly run: PortfolioRun;
    readonly runs: readonly RunRecord[];
    readonly kpis: VerticalKpis | null;
  };
  readonly comparison: {
    readonly gated: { readonly run: PortfolioRun; readonly runs: readonly RunRecord[] };
    readonly naive: NaiveRun;
  };
  readonly infraCostPerStepUsd: number;
  readonly files: DemoReport['files'];
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

function automatedSamples(run: PortfolioRun): number[] {
  return run.records
    .filter((record) => record.settled !== 'rejected')
    .map((record) => record.settledAt - record.submittedAt);
}

function gatedFigures(gated: ReportInput['comparison']['gated'], price: HostedPrice): PipelineFigures {
  const usage = {
    inputTokens: sum(gated.runs.map((run) => run.inputTokens)),
    outputTokens: sum(gated.runs.map((run) => run.outputTokens)),
  };
  return {
    applications: gated.runs.length,
    modelCalls: sum(gated.runs.map((run) => run.modelCalls)),
    ...usage,
    costUsd: priceUsage(price, [usage]),
    modelWaitMs: sum(gated.runs.map((run) => run.modelMs)),
    wallMs: gated.run.automatedWallMs,
    latency: latencyFigures(automatedSamples(gated.run)),
    callsWithPersonalData: gated.runs.filter((run) => run.modelCalls > 0 && !run.gateRedactedPersonalData).length,
  };
}

function naiveFigures(naive: NaiveRun, price: HostedPrice): PipelineFigures {
  const usages = naive.outcomes.map((outcome) => outcome.usage);
  return {
    applications: naive.outcomes.length,
    modelCalls: naive.outcomes.length,
    inputTokens: sum(usages.map((usage) => usage.inputTokens)),
    outputTokens: sum(usages.map((usage) => usage.outputTokens)),
    costUsd: priceUsage(price, usages),
    modelWaitMs: sum(naive.outcomes.map((outcome) => outcome.modelMs)),
    wallMs: naive.wallMs,
    latency: latencyFigures(naive.outcomes.map((outcome) => outcome.latencyMs)),
    callsWithPersonalData: naive.outcomes.filter((outcome) => outcome.personalDataSent).length,
  };
}

/**
 * The demo's report from the event store's runs and the client's timings. Pure: the same inputs
 * give the same report (but for `generatedAt`).
 */
export function buildDemoReport(input: ReportInput): DemoReport {
  const { main, price } = input;
  const joined = joinEntries(input.entries, main.run.records, main.runs, main.run.tenant);
  const outcomes = countPaths(joined);
  const denied = main.runs.filter((run) => run.decision?.decidedBy === 'policy');
  const byReason: Record<string, number> = {};
  for (const run of denied)
    for (const reason of run.decision?.reasons ?? []) byReason[reason] = (byReason[reason] ?? 0) + 1;
  const usage = {
    inputTokens: sum(main.runs.map((run) => run.inputTokens)),
    outputTokens: sum(main.runs.map((run) => run.outputTokens)),
  };
  const calls = sum(main.runs.map((run) => run.modelCalls));
  const costUsd = priceUsage(price, [usage]);
  const decided = main.run.records.filter((record) => record.settled === 'decided');
  const latencyOf = (records: typeof decided) =>
    latencyFigures(records.map((record) => record.settledAt - record.submittedAt));
  const decidedByOf = (decidedBy: string) => decided.filter((record) => record.decision?.decidedBy === decidedBy);
  const referred = main.run.records.filter((record) => record.settled === 'referred');
  const transactions = main.kpis?.transactions ?? main.runs.length;
  const stepsCompleted = main.kpis?.stepsCompleted ?? 0;
  const automated = latencyOf(decided);

  const naive = naiveFigures(input.comparison.naive, price);
  const gated = gatedFigures(input.comparison.gated, price);
  const gatedJoined = joinEntries(
    input.entries,
    input.comparison.gated.run.records,
    input.comparison.gated.runs,
    input.comparison.gated.run.tenant,
  );
  const gatedOutcome = new Map(gatedJoined.map((item) => [item.entry.index, coarseOutcome(item.path)]));
  const { resolved: _resolved, ...reportedPrice } = price;

  return {
    generatedAt: new Date().toISOString(),
    options: input.options,
    tenants: { main: main.run.tenant, comparison: input.comparison.gated.run.tenant },
    price: reportedPrice,
    portfolio: {
      byKind: Object.fromEntries(
        Object.entries(pathsByKind(joined)).map(([kind, paths]) => [kind, sum(Object.values(paths))]),
      ) as Record<PortfolioKind, number>,
      pathsByKind: pathsByKind(joined),
      asExpected: joined.filter(matchesExpectation).length,
      unexpected: joined
        .filter((item) => !matchesExpectation(item))
        .map((item) => ({
          index: item.entry.index,
          kind: item.entry.kind,
          trait: item.entry.trait,
          expected: item.entry.expected,
          observed: item.path,
        })),
    },
    outcomes: { ...outcomes, total: joined.length },
    policyGate: {
      deniedByPolicy: denied.length,
      deniedWithModelCall: denied.filter((run) => run.modelCalls > 0).length,
      deniedWithBureauPull: denied.filter((run) => run.bureauPulls > 0).length,
      ok: denied.every((run) => run.modelCalls === 0 && run.bureauPulls === 0),
      byReason,
    },
    model: {
      calls,
      ...usage,
      costUsd,
      ledgerCostUsd: sum(main.runs.map((run) => run.ledgerCostUsd)),
      callsAvoided: denied.length,
      costAvoidedUsd: calls === 0 ? 0 : (costUsd / calls) * denied.length,
      bureauPulls: sum(main.runs.map((run) => run.bureauPulls)),
      bureauPullsAvoided: denied.length,
    },
    latency: {
      automated,
      policyDenials: latencyOf(decidedByOf('policy')),
      scorecard: latencyOf(decidedByOf('scorecard')),
      toReferral: latencyFigures(
        referred.flatMap((record) => (record.referredAfterMs === null ? [] : [record.referredAfterMs])),
      ),
      referralToFinalDecision: latencyFigures(
        referred.flatMap((record) => (record.decidedAt === null ? [] : [record.decidedAt - record.submittedAt])),
      ),
    },
    kpis: {
      transactions,
      infraCostPerStepUsd: input.infraCostPerStepUsd,
      successRate: main.kpis?.successRate ?? figure(null, KPI_BANDS.successRate),
      costPerTransactionLedgerUsd: main.kpis?.costPerTransactionUsd ?? figure(null, KPI_BANDS.costPerTransactionUsd),
      costPerTransactionPricedUsd: figure(
        transactions === 0 ? null : (costUsd + stepsCompleted * input.infraCostPerStepUsd) / transactions,
        KPI_BANDS.costPerTransactionUsd,
      ),
      automatedLatencyP99Ms: figure(automated?.p99Ms ?? null, KPI_BANDS.latencyP99Ms),
    },
    comparison: {
      modelLatencyMs: input.options.modelLatencyMs,
      naive,
      gated,
      saved: {
        calls: naive.modelCalls - gated.modelCalls,
        costUsd: naive.costUsd - gated.costUsd,
        modelWaitMs: naive.modelWaitMs - gated.modelWaitMs,
        wallMs: naive.wallMs - gated.wallMs,
        callsShare: share(naive.modelCalls - gated.modelCalls, naive.modelCalls),
        costShare: share(naive.costUsd - gated.costUsd, naive.costUsd),
        modelWaitShare: share(naive.modelWaitMs - gated.modelWaitMs, naive.modelWaitMs),
        wallShare: share(naive.wallMs - gated.wallMs, naive.wallMs),
      },
      outcomesAgree: input.comparison.naive.outcomes.filter(
        (outcome) => gatedOutcome.get(outcome.index) === outcome.outcome,
      ).length,
    },
    samples: {
      main: automatedSamples(main.run),
      gated: automatedSamples(input.comparison.gated.run),
      naive: input.comparison.naive.outcomes.map((outcome) => outcome.latencyMs),
    },
    files: input.files,
    wallMs: 0,
  };
}

/** approved, declined or referred, whoever decided. */
function coarseOutcome(path: ObservedPath): string {
  if (path === 'approved_by_scorecard') return 'approved';
  if (path === 'declined_by_policy' || path === 'declined_by_scorecard') return 'declined';
  if (path.startsWith('referred') || path === 'expired') return 'referred';
  return path;
}
