import type { Agent } from 'node:http';
import { cpus } from 'node:os';
import { loanApplication, ssnWhere, strongCredit, TEST_SEED } from '@baton/loan-underwriting-feature/testing';
import { startLoanStack, LoanStack } from '../../../loan/loan-stack';
import type { CustomBenchSuite } from '../../harness/bench-suite';
import { inBenchEnvironment } from '../../harness/bench-environment';
import { keepAliveAgent } from '../../harness/post-json';
import { reportOutput } from '../../harness/durability';
import { sequentialThenConcurrent } from '../../harness/measure';
import { round } from '../../harness/report';
import { budgetTable, cpuMsPerUnit, stackCpuGroups, withCpuBudget } from '../../harness/stack-cpu';
import { timeSubmission } from '../../harness/submission-timer';

/** Worker processes beside the API: one per core left after the API and the bench client. */
const WORKERS = 1;

/** Submits one application over HTTP and resolves with the milliseconds until its `LoanDecided` arrived on the bus. */
function applicationTimer(stack: LoanStack, bearer: string, ssns: readonly string[], agent: Agent) {
  let sequence = 0;
  return async (): Promise<number> => {
    const index = sequence++;
    const { ms, payload: decision } = await timeSubmission({
      agent,
      url: `${stack.url}/v1/applications`,
      headers: { authorization: bearer, 'idempotency-key': `bench-${index}` },
      body: JSON.stringify(loanApplication({ applicant: { ssn: ssns[index % ssns.length] as string } })),
      keyOf: (accepted: { applicationId: string }) => accepted.applicationId,
      next: async (applicationId) => {
        const { at, decision } = await stack.decisions.next(applicationId, 60_000);
        return { at, payload: decision };
      },
    });
    if (decision.outcome !== 'approved')
      throw new Error(
        `bench application ${decision.applicationId} was ${decision.outcome}, expected approved: ${JSON.stringify(decision.reasons)}`,
      );
    return ms;
  };
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
    const ssns = Array.from({ length: 64 }, (_, skip) => ssnWhere(strongCredit, TEST_SEED, skip));
    return inBenchEnvironment('bench loan', counts.floor, progress, async (environment) => {
      const { synchronousCommit, fsync } = environment.durability;
      const { commit, roundTrip } = environment.floor;
      let stack: LoanStack | null = null;
      const agent = keepAliveAgent(64);
      try {
        stack = await startLoanStack(environment.stackOptions(WORKERS, { OUTSIDE_SEED: String(TEST_SEED) }));
        const bearer = `Bearer ${await stack.token('intake', 'bench')}`;
        const oneApplication = applicationTimer(stack, bearer, ssns, agent);

        // CPU per decision at concurrency 32, by process: where the machine's time goes.
        const groups = stackCpuGroups(stack.processes.map((child) => child.pid));
        const {
          value: { c1, c32 },
          budget,
        } = await withCpuBudget(groups, counts.c32, (before, after) =>
          sequentialThenConcurrent(oneApplication, counts, progress, 'applications', {
            beforeConcurrent: before,
            afterConcurrent: after,
          }),
        );
        const cpuMsPerDecision = budget && cpuMsPerUnit(budget);

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
          ...(budget
            ? [
                '',
                budgetTable(budget, {
                  vertical: 'loan',
                  heading: 'CPU per decision, concurrency 32',
                  unit: 'decision',
                  cores: cpus().length,
                  targetPerSec: result.config.targets.c32PerSecAtLeast,
                }),
              ]
            : []),
        ].join('\n');
        return { table, result };
      } catch (error) {
        // A process that died mid-run says why only in its own output.
        for (const child of stack?.processes ?? []) reportOutput('loan', child.output());
        throw error;
      } finally {
        agent.destroy();
        await stack?.stop({ removeTopology: true });
      }
    });
  },
};
