import { workerCrashSuite } from '@baton/runtime/testing';
import { loanVertical } from '../loan.vertical';
import { BureauLedger } from '../outside/bureau-ledger';
import { UNDERWRITING_WORKFLOW_ID } from '../workflow/underwriting.workflow';
import { loanApplication, ssnWhere, strongCredit, TEST_SEED } from '../../../fixtures/applications';
import { collectDecisions } from '../../../fixtures/decisions';

const entry = 'dist/out-tsc/libs/loan-underwriting/feature/fixtures/loan-worker-process.js';
const AUDIT_HEX = '2b'.repeat(32);
const APPLICATIONS = 100;

describe('loan underwriting survives a worker SIGKILL with 100 applications in flight (real processes, PostgreSQL and RabbitMQ)', () => {
  const suite = workerCrashSuite(loanVertical, {
    suite: 'loan crash',
    entry,
    ready: /loan worker ready/,
    env: { BUREAU_LATENCY_MS: '30' },
    auditKeyHex: AUDIT_HEX,
  });

  beforeAll(() => suite.setUp());
  afterAll(() => suite.tearDown());

  it('decides every application exactly once, with one billable bureau pull each, after the worker is killed and replaced', async () => {
    const first = await suite.startWorker('loan-worker-1');
    // Submitting needs only the engine's start: policy and model are never called by a start.
    const { dataSource, engine } = await suite.openStarter();
    const collector = collectDecisions(suite.raw, suite.topology());
    const decided = collector.eventIds;

    const runIds: string[] = [];
    for (let i = 0; i < APPLICATIONS; i++) {
      const application = loanApplication({
        applicant: { ssn: ssnWhere(strongCredit, TEST_SEED, i % 20), annualIncome: 100_000 + i * 100 },
      });
      runIds.push(
        (
          await engine.start(
            UNDERWRITING_WORKFLOW_ID,
            {
              applicationId: `crash-${i}`,
              subjectId: `subject-${i}`,
              receivedAt: new Date().toISOString(),
              application,
            },
            { idempotencyKey: `crash-${i}`, tenantId: 'acme' },
          )
        ).runId,
      );
    }
    // Kill the only worker while applications are in flight: some decided, most not.
    const deadline = Date.now() + 30_000;
    while (decided.size < 10 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(decided.size).toBeLessThan(APPLICATIONS);
    await first.kill('SIGKILL');
    await suite.startWorker('loan-worker-2');

    const finish = Date.now() + 90_000;
    const failed = async () =>
      (await dataSource.query(`SELECT count(*)::int AS n FROM workflow_runs WHERE status = 'failed'`))[0].n as number;
    while (decided.size < APPLICATIONS && Date.now() < finish && decided.size + (await failed()) < APPLICATIONS)
      await new Promise((resolve) => setTimeout(resolve, 200));
    await collector.close();
    const stuck = await Promise.all(
      runIds
        .map((runId, i) => ({ runId, applicationId: `crash-${i}` }))
        .filter(({ applicationId }) => !decided.has(applicationId))
        .slice(0, 5)
        .map(async ({ runId }) => {
          const view = await engine.get(runId);
          return { status: view.status, at: view.currentStep, failure: view.failure, last: view.history.slice(-2) };
        }),
    );
    expect({ decided: decided.size, stuck }).toEqual({ decided: APPLICATIONS, stuck: [] });

    // Decided once: one LoanDecided event id per application (redeliveries carry the same id),
    // and one completed run each.
    expect([...decided.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    const completions: Array<{ n: number }> = await dataSource.query(
      `SELECT count(*)::int AS n FROM events WHERE type = 'run.completed' AND stream_id = ANY($1)`,
      [runIds],
    );
    expect(completions[0]?.n).toBe(APPLICATIONS);
    const ledger = new BureauLedger(dataSource);
    const pulls = await Promise.all(Array.from({ length: APPLICATIONS }, (_, i) => ledger.usage(`crash-${i}`)));
    expect(pulls.filter((usage) => usage.billablePulls !== 1)).toEqual([]);
    await dataSource.destroy();
  });
});
