// npm run demo -- --vertical triage [--size 200] [--seed 42] [--concurrency 8] [--model-latency-ms 0]
//                 [--out tmp/demo] [--schema triage_demo] [--namespace demo] [--layout split|all]
// Posts a seeded stream of synthetic arrivals over HTTP to the triage vertical started from the
// build, reads every run back from the event store, runs a naive model-first pipeline on the same
// arrivals, and prints the report (Markdown on stdout; progress on stderr), writing it with a JSON
// twin and a latency chart to --out. Reads DATABASE_URL and RABBITMQ_URL.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assertReachable, postgresDependency, rabbitmqDependency } from '@baton/config';
import { TriageAssigned } from '@baton/patient-triage-contracts';
import { syntheticArrivals } from '@baton/patient-triage-feature';
import { startVerticalStack } from '../stack/vertical-stack';
import { postArrivals } from './arrival-run';
import type { DemoRunResult } from './demo-registry';
import { resetSchema } from './demo-schema';
import { latencyChart } from './latency-chart';
import { buildTriageDemoReport, ESI_GROUPS, type TriageDemoReport } from './triage-demo-report';
import { readTriageDemoOptions, type TriageDemoOptions } from './triage-demo-options';
import { triageRunRecords } from './triage-event-figures';
import { runNaiveTriage } from './triage-naive-pipeline';
import { renderTriageMarkdown } from './triage-render-markdown';

const TENANT = 'demo';
const GROUP_COLORS = { 'ESI 1-2': '#dc2626', 'ESI 3': '#d97706', 'ESI 4-5': '#2563eb' } as const;
const log = (message: string) => process.stderr.write(`demo: ${message}\n`);

function writeReport(options: TriageDemoOptions, report: TriageDemoReport): string {
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, report.files.chart),
    latencyChart(
      `Triage: POST to TriageAssigned by assigned level (${options.size} arrivals, ${options.concurrency} in flight)`,
      ESI_GROUPS.map((group) => ({ label: group, color: GROUP_COLORS[group], samplesMs: report.samples[group] })),
      { x: 'latency, POST to TriageAssigned consumed (ms)', y: 'encounters assigned' },
    ),
  );
  const markdown = renderTriageMarkdown(report);
  writeFileSync(join(out, report.files.markdown), markdown);
  writeFileSync(join(out, report.files.json), `${JSON.stringify(report, null, 2)}\n`);
  return markdown;
}

/**
 * Triage's demo, as the demo registry runs it: resolves with whether every check held (no
 * labelled ESI 1-2 under-triaged, no identifier in a recorded prompt, every arrival assigned) and
 * the report's file name in `--out`.
 *
 * @example const { ok } = await runTriageDemo(['--size', '24'], process.env);
 */
export async function runTriageDemo(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<DemoRunResult> {
  const began = performance.now();
  const machine = { cpus: cpus().length, loadAverage1m: loadavg()[0] ?? 0 };
  const options = readTriageDemoOptions(argv, env);
  await assertReachable([postgresDependency(options.databaseUrl), rabbitmqDependency(options.rabbitmqUrl)]);
  await resetSchema(options.databaseUrl, options.schema);
  const arrivals = syntheticArrivals({
    seed: options.seed,
    size: options.size,
    startAt: new Date().toISOString(),
    idPrefix: `demo-${options.seed}`,
  });
  const warmup = syntheticArrivals({
    seed: options.seed + 1,
    size: 2 * options.concurrency,
    startAt: new Date().toISOString(),
    idPrefix: `warmup-${options.seed}`,
  });
  log(
    `${arrivals.length} synthetic arrivals (seed ${options.seed}); schema ${options.schema} reset, namespace ${options.namespace}`,
  );
  const stack = await startVerticalStack(
    'triage',
    {
      databaseUrl: options.databaseUrl,
      schema: options.schema,
      rabbitmqUrl: options.rabbitmqUrl,
      namespace: options.namespace,
      // The audit chain's key lives for this run only: in memory and in the child processes' environment.
      auditKeyHex: randomBytes(32).toString('hex'),
      layout: options.layout,
      workers: 1,
      env: {
        RATE_LIMIT: '100000000',
        OUTSIDE_SEED: String(options.seed),
        LLM_SIMULATED_LATENCY_MS: String(options.modelLatencyMs),
      },
      onProgress: log,
    },
    { message: TriageAssigned, keyOf: (assigned) => assigned.encounterId },
  );
  let run;
  let runs;
  try {
    log(`warming up with ${warmup.length} arrivals (tenant ${TENANT}-warmup, not reported)`);
    await postArrivals({
      stack,
      arrivals: warmup,
      tenant: `${TENANT}-warmup`,
      concurrency: options.concurrency,
      idempotencyPrefix: `warmup-${options.seed}`,
      label: 'warm-up',
      quiet: true,
    });
    run = await postArrivals({
      stack,
      arrivals,
      tenant: TENANT,
      concurrency: options.concurrency,
      idempotencyPrefix: `demo-${options.seed}`,
      label: 'baton',
    });
    runs = await triageRunRecords(stack.dataSource, options.schema, TENANT);
  } catch (error) {
    for (const child of stack.processes)
      log(`last output of process ${child.pid}:\n${child.output().split('\n').slice(-15).join('\n')}`);
    throw error;
  } finally {
    await stack.stop({ removeTopology: true });
  }

  log(`naive model-first pipeline in this process (the obedient model, every encounter with its PHI)`);
  const naive = await runNaiveTriage(arrivals, { latencyMs: options.modelLatencyMs, concurrency: options.concurrency });
  const report = buildTriageDemoReport({
    options: {
      size: options.size,
      seed: options.seed,
      concurrency: options.concurrency,
      modelLatencyMs: options.modelLatencyMs,
      layout: options.layout,
      schema: options.schema,
      namespace: options.namespace,
    },
    machine,
    arrivals,
    run,
    runs,
    naive,
    files: { markdown: 'triage-demo-report.md', json: 'triage-demo-report.json', chart: 'triage-latency.svg' },
  });
  report.wallMs = performance.now() - began;
  process.stdout.write(writeReport(options, report));
  log(
    `report written to ${join(options.out, report.files.markdown)} (with ${report.files.json} and ${report.files.chart}) in ${(report.wallMs / 1000).toFixed(1)} s`,
  );
  if (!report.checks.noUnderTriageEsi12) log(`a labelled ESI 1-2 arrival was assigned ESI 3-5: see the report`);
  if (!report.checks.noPhiFound) log(`an arrival's identifier was found in a recorded prompt or event: see the report`);
  if (!report.checks.everyArrivalAssigned) log(`an arrival was refused or never assigned: see the report`);
  return { ok: report.checks.ok, out: options.out, report: report.files.markdown };
}
