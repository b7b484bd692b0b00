import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loanApplication, ssnWhere, strongCredit, TEST_SEED } from '@baton/loan-underwriting-feature/testing';
import { createIsolatedSchema, isolatedBrokerNames, testEnv } from '@baton/testing';
import { startLoanStack, LoanStack } from '../../../loan/loan-stack';
import type { CustomBenchSuite } from '../../harness/bench-suite';
import { cpuBudget, CpuBudget, CpuReading, ProcessGroup, readCpu } from '../../harness/cpu-budget';
import { figures, sequentialThenConcurrent } from '../../harness/measure';
import { rawCommits, rawRoundTrips } from '../orchestration/floor';

const round = (value: number, digits = 4): number => Number(value.toPrecision(digits));
/** Worker processes beside the API: one per core left after the API and the bench client. */
const WORKERS = 1;

/**
 * POSTs JSON over a kept-alive connection and resolves with the status and body. Node's `http`
 * rather than `fetch`: the client shares the machine it measures, and undici's `fetch` cost
 * about twice the CPU per request here.
 */
function postJson(
  agent: Agent,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Submits one application over HTTP and resolves with the milliseconds until its `LoanDecided` arrived on the bus. */
function applicationTimer(stack: LoanStack, bearer: string, ssns: readonly string[], agent: Agent) {
  let sequence = 0;
  return async (): Promise<number> => {
    const index = sequence++;
    const body = JSON.stringify(loanApplication({ applicant: { ssn: ssns[index % ssns.length] as string } }));
    const started = performance.now();
    const response = await postJson(
      agent,
      `${stack.url}/v1/applications`,
      { authorization: bearer, 'idempotency-key': `bench-${index}` },
      body,
    );
    if (response.status !== 202) throw new Error(`submit ${index} answered ${response.status}: ${response.text}`);
    const { applicationId } = JSON.parse(response.text) as { applicationId: string };
    const { at, decision } = await stack.decisions.next(applicationId, 60_000);
    if (decision.outcome !== 'approved')
      throw new Error(
        `bench application ${applicationId} was ${decision.outcome}, expected approved: ${JSON.stringify(decision.reasons)}`,
      );
    return at - started;
  };
}

const GROUP_LABELS: Record<string, string> = {
  api: 'loan API',
  workers: 'loan worker',
  postgres: 'PostgreSQL',
  rabbitmq: 'RabbitMQ',
  benchClient: 'bench client',
  other: 'rest of the machine (kernel, others)',
};

/** Where each decision's CPU went at concurrency 32, and what the cores allow at that cost. */
function budgetTable(budget: CpuBudget, cores: number, target: number): string {
  const rows = Object.entries(budget.msPerUnit).map(
    ([name, ms]) =>
      `| ${GROUP_LABELS[name] ?? name} | ${round(ms, 3)} | ${Math.round((100 * ms) / budget.totalMsPerUnit)}% |`,
  );
  return [
    '| CPU per decision, concurrency 32 | ms | share |',
    '| --- | ---: | ---: |',
    ...rows,
    `| total | ${round(budget.totalMsPerUnit, 3)} | 100% |`,
    '',
    `${cores} cores at ${round(budget.totalMsPerUnit, 3)} ms of CPU per decision sustain at most ${Math.round(budget.ceilingPerSec)} decisions/s; ${target}/s needs ${round((cores * 1000) / target, 3)} ms or less`,
  ].join('\n');
}

/**
 * The loan vertical over HTTP on the production path: an API process and a worker process from
 * the build, each application timed from submit to its `LoanDecided` consumed from the bus, at
 * concurrency 1 and 32, beside the floor (raw commit, raw round trip) measured in the same run.
 * Every application takes the full path: KYC with sanctions, compliance policy, bureau with
 * income, the model gate, the model, the output guard, the scorecard and the decision event.
 */
export const loanSuite: CustomBenchSuite = {
  description:
    'loan applications over HTTP, submit to LoanDecided on the bus, at concurrency 1 and 32, vs raw commits and round trips',
  async run(progress, { smoke }) {
    const counts = smoke ? { floor: 20, warmup: 3, c1: 5, c32: 64 } : { floor: 400, warmup: 60, c1: 200, c32: 2_000 };
    const db = await createIsolatedSchema('bench loan');
    const names = isolatedBrokerNames('bench loan');
    const probe = new Client({ connectionString: db.databaseUrl });
    await probe.connect();
    const synchronousCommit = (await probe.query('SHOW synchronous_commit')).rows[0]?.synchronous_commit as string;
    const fsync = (await probe.query('SHOW fsync')).rows[0]?.fsync as string;
    await probe.end();
    const ssns = Array.from({ length: 64 }, (_, skip) => ssnWhere(strongCredit, TEST_SEED, skip));
    let stack: LoanStack | null = null;
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    try {
      progress(`floor: ${counts.floor} raw commits, ${counts.floor} raw round trips`);
      const commit = figures(await rawCommits(db.databaseUrl, db.schema, counts.floor));
      const roundTrip = figures(await rawRoundTrips(testEnv.rabbitmqUrl, names.queue('floor'), counts.floor));

      stack = await startLoanStack({
        databaseUrl: db.databaseUrl,
        schema: db.schema,
        rabbitmqUrl: testEnv.rabbitmqUrl,
        namespace: names.prefix,
        auditKeyHex: randomBytes(32).toString('hex'),
        layout: 'split',
        workers: WORKERS,
        env: { RATE_LIMIT: '100000000', OUTSIDE_SEED: String(TEST_SEED) },
        onProgress: progress,
      });
      const bearer = `Bearer ${await stack.token('intake', 'bench')}`;
      const oneApplication = applicationTimer(stack, bearer, ssns, agent);

      // CPU per decision at concurrency 32, by process: where the machine's time goes.
      const [api, ...workers] = stack.processes.map((process) => process.pid);
      const groups: ProcessGroup[] = [
        { name: 'api', matches: (pid) => pid === api },
        { name: 'workers', matches: (pid) => workers.includes(pid) },
        { name: 'postgres', matches: (_pid, command) => command === 'postgres' },
        { name: 'rabbitmq', matches: (_pid, command) => command.startsWith('beam') },
        { name: 'benchClient', matches: (pid) => pid === process.pid },
      ];
      let before: CpuReading | null = null;
      let after: CpuReading | null = null;
      const { c1, c32 } = await sequentialThenConcurrent(oneApplication, counts, progress, 'applications', {
        beforeConcurrent: () => (before = readCpu(groups)),
        afterConcurrent: () => (after = readCpu(groups)),
      });
      const budget = before && after ? cpuBudget(before, after, counts.c32, cpus().length) : null;
      const cpuMsPerDecision = budget && {
        ...Object.fromEntries(Object.entries(budget.msPerUnit).map(([name, ms]) => [name, round(ms, 3)])),
        total: round(budget.totalMsPerUnit, 3),
      };

      const result = {
        config: {
          synchronousCommit,
          fsync,
          path: 'HTTP POST /v1/applications -> API (auth, idempotency, run start) -> worker: kyc | sanctions (parallel), compliance policy, bureau | income (parallel), llm.invoke gate, deterministic model, output guard, scorecard -> LoanDecided consumed from RabbitMQ',
          processes: { api: 1, workers: WORKERS, benchClient: 1 },
          queues: 'quorum, durable, publisher confirms, persistent messages',
          personalData: 'sealed per subject (AES-256-GCM) before hashing',
          samples: { floor: counts.floor, c1: counts.c1, c32: counts.c32 },
          targets: { c1P99MsBelow: 100, c32PerSecAtLeast: 200 },
          ratios: {
            c1P50ToRoundTrip: round(c1.p50Ms / roundTrip.p50Ms, 3),
            c1P50ToCommit: round(c1.p50Ms / commit.p50Ms, 3),
          },
          // CPU milliseconds per decision at concurrency 32 by process group (from /proc), and the
          // decisions per second the machine's cores could sustain at that cost.
          cpuMsPerDecisionAtC32: cpuMsPerDecision,
          cpuCeilingPerSec: budget && Math.round(budget.ceilingPerSec),
          machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length },
          recordedAt: new Date().toISOString(),
        },
        floor: { commitMs: round(commit.p50Ms), roundTripMs: round(roundTrip.p50Ms) },
        c1: { p50Ms: round(c1.p50Ms), p99Ms: round(c1.p99Ms) },
        c32: { perSec: Math.round(c32.perSec), p50Ms: round(c32.p50Ms), p99Ms: round(c32.p99Ms) },
      };
      const table = [
        '| loan underwriting over HTTP | p50 ms | p99 ms | decisions/s | x floor (p50) |',
        '| --- | ---: | ---: | ---: | ---: |',
        `| floor: 1 raw commit | ${result.floor.commitMs} | ${round(commit.p99Ms)} | | 1 |`,
        `| floor: 1 raw round trip | ${result.floor.roundTripMs} | ${round(roundTrip.p99Ms)} | | 1 |`,
        `| application, concurrency 1 | ${result.c1.p50Ms} | ${result.c1.p99Ms} (target < 100) | ${Math.round(1000 / c1.meanMs)} | ${result.config.ratios.c1P50ToRoundTrip} round trips, ${result.config.ratios.c1P50ToCommit} commits |`,
        `| applications, concurrency 32 | ${result.c32.p50Ms} | ${result.c32.p99Ms} | ${result.c32.perSec} (target >= 200) | |`,
        '',
        `config: synchronous_commit=${synchronousCommit}, fsync=${fsync}, ${1 + WORKERS} app processes (api, ${WORKERS} worker) and the bench client on ${cpus().length} cores`,
        ...(budget ? ['', budgetTable(budget, cpus().length, result.config.targets.c32PerSecAtLeast)] : []),
      ].join('\n');
      return { table, result };
    } catch (error) {
      // A process that died mid-run says why only in its own output.
      for (const child of stack?.processes ?? [])
        process.stderr.write(`bench loan: the last output of a loan process:\n${child.output().slice(-4_000)}\n`);
      throw error;
    } finally {
      agent.destroy();
      await stack?.stop({ removeTopology: true });
      await names.cleanup();
      await db.drop();
    }
  },
};
