// npm run demo -- --vertical loan [--size 300] [--seed 42] [--concurrency 8] [--model-latency-ms 800] [--out tmp/demo]
//                 [--price-as gpt-4o-mini] [--schema loan_demo] [--namespace demo] [--layout split|all]
// Seeds a synthetic loan portfolio, submits it over HTTP to the loan vertical started from the
// build, lets a simulated underwriter resolve referrals, compares a naive model-first pipeline
// with Baton's gated one, and prints the report (Markdown on stdout; progress on stderr), writing
// it with a JSON twin and a latency chart to --out. Reads DATABASE_URL and RABBITMQ_URL.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assertReachable, postgresDependency, rabbitmqDependency } from '@baton/config';
import { LoanApplication } from '@baton/loan-underwriting-contracts';
import { PortfolioEntry, syntheticPortfolio } from '@baton/loan-underwriting-feature';
import { computeKpis, VerticalKpis } from '@baton/observability';
import { LoanStack, startLoanStack } from '../loan/loan-stack';
import { DemoOptions, readDemoOptions } from './demo-options';
import { resetSchema } from './demo-schema';
import { buildDemoReport, DemoReport } from './demo-report';
import { runRecords, RunRecord } from './event-store-figures';
import { latencyChart } from './latency-chart';
import { hostedPrice } from './model-pricing';
import { NaiveApplication, runNaivePipeline } from './naive-pipeline';
import { defaultOutsideSystems } from '@baton/loan-underwriting-feature';
import { PortfolioRun, submitPortfolio, warmUp } from './portfolio-run';
import { renderMarkdown } from './render-markdown';
import type { DemoRunResult } from './demo-registry';

const MAIN_TENANT = 'demo';
const HOSTED_TENANT = 'demo-hosted';
const log = (message: string) => process.stderr.write(`demo: ${message}\n`);

/** Starts the stack, submits the portfolio as `tenant`, reads its runs back, and stops the stack. */
async function gatedRun(
  options: DemoOptions,
  entries: readonly PortfolioEntry[],
  run: {
    tenant: string;
    auditKeyHex: string;
    modelLatencyMs: number;
    label: string;
    removeTopology: boolean;
    warmup: readonly PortfolioEntry[];
  },
) {
  const stack: LoanStack = await startLoanStack({
    databaseUrl: options.databaseUrl,
    schema: options.schema,
    rabbitmqUrl: options.rabbitmqUrl,
    namespace: options.namespace,
    auditKeyHex: run.auditKeyHex,
    layout: options.layout,
    workers: 1,
    env: {
      RATE_LIMIT: '100000000',
      REVIEW_TIMEOUT_MS: '600000',
      OUTSIDE_SEED: String(options.seed),
      OUTSIDE_KYC_MS: String(options.outside.latencyMs.kyc),
      OUTSIDE_SANCTIONS_MS: String(options.outside.latencyMs.sanctions),
      OUTSIDE_BUREAU_MS: String(options.outside.latencyMs.bureau),
      OUTSIDE_INCOME_MS: String(options.outside.latencyMs.income),
      OUTSIDE_JITTER: String(options.outside.jitter),
      LLM_SIMULATED_LATENCY_MS: String(run.modelLatencyMs),
    },
    onProgress: log,
  });
  try {
    log(`warming up with ${run.warmup.length} applications (tenant ${run.tenant}-warmup, not reported)`);
    await warmUp(stack, run.warmup, `${run.tenant}-warmup`, options.concurrency);
    const portfolio: PortfolioRun = await submitPortfolio({
      stack,
      schema: options.schema,
      entries,
      tenant: run.tenant,
      concurrency: options.concurrency,
      seed: options.seed,
      idempotencyPrefix: `demo-${options.seed}`,
      label: run.label,
    });
    const applicationIds = portfolio.records.flatMap((record) => (record.applicationId ? [record.applicationId] : []));
    const runs: RunRecord[] = await runRecords(stack.dataSource, options.schema, run.tenant, applicationIds);
    // Only this run's window: the warm-up before it and the other run of the demo share the schema.
    const kpiReport = await computeKpis(stack.dataSource, {
      schema: options.schema,
      from: portfolio.startedAt,
      to: new Date(portfolio.endedAt.getTime() + 1),
      vertical: 'loan',
      infraCostPerStepUsd: options.infraCostPerStepUsd,
    });
    const kpis: VerticalKpis | null = kpiReport.verticals[0] ?? null;
    return { run: portfolio, runs, kpis };
  } catch (error) {
    for (const child of stack.processes)
      log(`last output of process ${child.pid}:\n${child.output().split('\n').slice(-15).join('\n')}`);
    throw error;
  } finally {
    await stack.stop({ removeTopology: run.removeTopology });
  }
}

function writeReport(options: DemoOptions, report: DemoReport): string {
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const withLatency = options.modelLatencyMs > 0 ? ` +${options.modelLatencyMs} ms per model call` : '';
  const series = [
    ...(options.modelLatencyMs > 0
      ? [{ label: 'Baton gated, deterministic model', color: '#9ca3af', samplesMs: report.samples.main }]
      : []),
    { label: `Baton gated${withLatency}`, color: '#2563eb', samplesMs: report.samples.gated },
    { label: `naive model-first${withLatency}`, color: '#dc2626', samplesMs: report.samples.naive },
  ];
  writeFileSync(
    join(out, report.files.chart),
    latencyChart(
      `Loan applications: submit to settled (${options.size} applications, ${options.concurrency} in flight)`,
      series,
    ),
  );
  const markdown = renderMarkdown(report);
  writeFileSync(join(out, report.files.markdown), markdown);
  writeFileSync(join(out, report.files.json), `${JSON.stringify(report, null, 2)}\n`);
  return markdown;
}

/**
 * Loan's demo, as the demo registry runs it: resolves with whether every check held and the
 * report's file name in `--out`.
 *
 * @example const { ok } = await runLoanDemo(['--size', '40'], process.env);
 */
export async function runLoanDemo(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<DemoRunResult> {
  const began = performance.now();
  const options = readDemoOptions(argv, env);
  const price = hostedPrice(options.priceAs);
  await assertReachable([postgresDependency(options.databaseUrl), rabbitmqDependency(options.rabbitmqUrl)]);
  await resetSchema(options.databaseUrl, options.schema);
  const entries = syntheticPortfolio({
    seed: options.seed,
    size: options.size,
    asOf: new Date().toISOString().slice(0, 10),
  });
  log(
    `portfolio of ${entries.length} synthetic applications (seed ${options.seed}); schema ${options.schema} reset, namespace ${options.namespace}`,
  );
  // The audit chain's key lives for this run only: in memory and in the child processes' environment.
  const auditKeyHex = randomBytes(32).toString('hex');
  const comparing = options.modelLatencyMs > 0;
  const warmup = entries.filter((entry) => entry.kind === 'clean').slice(0, 2 * options.concurrency);

  const baseline = await gatedRun(options, entries, {
    tenant: MAIN_TENANT,
    auditKeyHex,
    modelLatencyMs: 0,
    label: 'baton (deterministic model)',
    removeTopology: !comparing,
    warmup,
  });
  const gated = comparing
    ? await gatedRun(options, entries, {
        tenant: HOSTED_TENANT,
        auditKeyHex,
        modelLatencyMs: options.modelLatencyMs,
        label: `baton (+${options.modelLatencyMs} ms model)`,
        removeTopology: true,
        warmup,
      })
    : baseline;

  log(
    `naive model-first pipeline in this process${comparing ? ` (+${options.modelLatencyMs} ms per model call)` : ''}`,
  );
  const applicationIds = new Map(gated.run.records.map((record) => [record.index, record.applicationId]));
  const valid: NaiveApplication[] = entries.flatMap((entry) => {
    const parsed = LoanApplication.safeParse(entry.body);
    const applicationId = applicationIds.get(entry.index);
    return parsed.success && applicationId ? [{ index: entry.index, applicationId, application: parsed.data }] : [];
  });
  const naive = await runNaivePipeline(valid, {
    seed: options.seed,
    latencyMs: options.modelLatencyMs,
    concurrency: options.concurrency,
    outside: defaultOutsideSystems(options.seed, options.outside.latencyMs, options.outside.jitter),
  });
  log(
    `naive pipeline: ${naive.outcomes.length} applications, ${naive.outcomes.length} model calls in ${(naive.wallMs / 1000).toFixed(1)} s`,
  );

  const report = buildDemoReport({
    options: {
      size: options.size,
      seed: options.seed,
      concurrency: options.concurrency,
      modelLatencyMs: options.modelLatencyMs,
      outside: options.outside,
      layout: options.layout,
      schema: options.schema,
      namespace: options.namespace,
    },
    price,
    entries,
    main: baseline,
    comparison: { gated, naive },
    infraCostPerStepUsd: options.infraCostPerStepUsd,
    files: { markdown: 'loan-demo-report.md', json: 'loan-demo-report.json', chart: 'loan-latency.svg' },
  });
  report.wallMs = performance.now() - began;
  process.stdout.write(writeReport(options, report));
  log(
    `report written to ${join(options.out, report.files.markdown)} (with ${report.files.json} and ${report.files.chart}) in ${(report.wallMs / 1000).toFixed(1)} s`,
  );
  const ok = report.policyGate.ok && report.outcomes.failed === 0 && report.outcomes.undecided === 0;
  if (!ok)
    log('a policy denial reached the model or the bureau, or a run failed or was left undecided: see the report');
  return { ok, out: options.out, report: report.files.markdown };
}
