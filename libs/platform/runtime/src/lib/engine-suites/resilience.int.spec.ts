import { DataSource } from 'typeorm';
import { DownstreamBreakers, type CircuitState } from '@baton/orchestration';
import type { RunningWorker } from '../roles/worker-role';
import { startTestVertical, TestVertical } from '../testing/start-test-vertical';
import { appsVertical, appsWorker } from '../../../fixtures/engine/apps-vertical';
import { configureOutsideSystem } from '../../../fixtures/engine/outside-system';
import { finished, until } from '../../../fixtures/engine/until-run';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('resilience: retries, breakers and compensation across worker restarts (real PostgreSQL and RabbitMQ)', () => {
  let apps: TestVertical;
  let dataSource: DataSource;
  let orchestrator: RunningWorker;
  // The largest delay full jitter can draw: each backoff is its cap, so a restart lands mid-backoff.
  const longestJitter = () => 1;

  beforeAll(async () => {
    // The API role keeps the suite's schema while its workers (orchestrator and agents) restart.
    apps = await startTestVertical(appsVertical, {
      suite: 'resilience',
      role: 'api',
      worker: appsWorker({ random: longestJitter }),
    });
    dataSource = apps.dataSource;
    orchestrator = await apps.startWorker();
  });

  afterEach(() => {
    configureOutsideSystem({ verdict: () => 'ok', breakers: null });
  });

  afterAll(async () => {
    await orchestrator?.stop();
    await apps?.stop();
  });

  it('retries a retryable agent failure after backoff, and a worker restart mid-backoff neither loses nor repeats the retry', async () => {
    const calls: string[] = [];
    configureOutsideSystem({
      verdict: (applicantId) => {
        calls.push(applicantId);
        return calls.filter((id) => id === applicantId).length <= 2 ? 'unavailable' : 'ok';
      },
    });
    const { runId } = await orchestrator.engine.start(
      'test.retrying',
      { applicantId: 'flaky-1' },
      { idempotencyKey: 'retry-1', tenantId: 't-1' },
    );
    await until(orchestrator.engine, runId, (view) => view.history.some((entry) => entry.status === 'retrying'));
    await orchestrator.stop();
    const pending = await dataSource.query(
      `SELECT attempt FROM workflow_timers WHERE run_id = $1 AND kind = 'retry' AND fired_at IS NULL`,
      [runId],
    );
    expect(pending).toEqual([{ attempt: 2 }]);

    await sleep(200);
    orchestrator = await apps.startWorker({ worker: { random: longestJitter } });
    const view = await until(orchestrator.engine, runId, finished);
    expect(view).toMatchObject({ status: 'completed', state: { passed: true }, retriesUsed: 2 });
    expect(calls.filter((id) => id === 'flaky-1')).toHaveLength(3);
    expect(view.history.filter((entry) => entry.status === 'retrying').map((entry) => entry.code)).toEqual([
      'OUTSIDE_UNAVAILABLE',
      'OUTSIDE_UNAVAILABLE',
    ]);
    const delays = await dataSource.query(
      `SELECT data->>'delayMs' AS delay FROM events WHERE stream_id = $1 AND type = 'run.step.retry.scheduled' ORDER BY version`,
      [runId],
    );
    // Full jitter at its maximum: the cap doubles from initialDelayMs (250) and is recorded, not recomputed.
    expect(delays.map((row: { delay: string }) => Number(row.delay))).toEqual([250, 500]);
    const effects = await dataSource.query('SELECT calls FROM outside_effects WHERE idempotency_key = $1', [
      `${runId}:check:0`,
    ]);
    expect(effects).toEqual([{ calls: 1 }]);
    // Each attempt's 5 s reply deadline was settled by the commit that took its reply, long
    // before it fell due: none is left for the poller to claim and ignore.
    const timers = await dataSource.query(
      `SELECT kind, attempt, fired_at IS NOT NULL AS settled FROM workflow_timers WHERE run_id = $1 ORDER BY attempt, kind`,
      [runId],
    );
    expect(timers).toEqual([
      { kind: 'timeout', attempt: 1, settled: true },
      { kind: 'retry', attempt: 2, settled: true },
      { kind: 'timeout', attempt: 2, settled: true },
      { kind: 'retry', attempt: 3, settled: true },
      { kind: 'timeout', attempt: 3, settled: true },
    ]);
  });

  it('fails fast on a terminal agent failure, without retrying', async () => {
    let attempts = 0;
    configureOutsideSystem({ verdict: () => (attempts++, 'rejected') });
    const { runId } = await orchestrator.engine.start(
      'test.retrying',
      { applicantId: 'rejected-1' },
      { idempotencyKey: 'retry-2', tenantId: 't-1' },
    );
    const view = await until(orchestrator.engine, runId, finished);
    expect(view).toMatchObject({
      status: 'failed',
      failure: { stepId: 'check', code: 'OUTSIDE_REJECTED' },
      retriesUsed: 0,
    });
    expect(attempts).toBe(1);
  });

  it('opens the circuit under an outage, probes half-open, closes after recovery, and every run completes without a retry storm', async () => {
    const states: CircuitState[] = [];
    const breakers = new DownstreamBreakers(
      { consecutiveFailures: 3, halfOpenAfterMs: 300 },
      { circuitStateChanged: ({ state }) => states.push(state) },
    );
    let down = true;
    let callsWhileDown = 0;
    configureOutsideSystem({
      breakers,
      verdict: () => {
        if (!down) return 'ok';
        callsWhileDown += 1;
        return 'unavailable';
      },
    });
    const runs = 10;
    const runIds = await Promise.all(
      Array.from(
        { length: runs },
        async (_, i) =>
          (
            await orchestrator.engine.start(
              'test.retrying',
              { applicantId: `outage-${i}` },
              { idempotencyKey: `outage-${i}`, tenantId: 't-1' },
            )
          ).runId,
      ),
    );
    const deadline = Date.now() + 10_000;
    while (!states.includes('half-open') && Date.now() < deadline) await sleep(25);
    await sleep(400);
    down = false;
    const views = await Promise.all(runIds.map((runId) => until(orchestrator.engine, runId, finished, 30_000)));

    expect(views.map((view) => view.status)).toEqual(Array(runs).fill('completed'));
    expect(states[0]).toBe('open');
    expect(states).toContain('half-open');
    expect(states[states.length - 1]).toBe('closed');
    const refused = views.flatMap((view) =>
      view.history.filter((entry) => entry.status === 'retrying' && entry.code === 'CIRCUIT_OPEN'),
    );
    expect(refused.length).toBeGreaterThan(0);
    // Once open, the outage sees only the half-open probes: at most one call per run before the
    // circuit opened (they were in flight together), plus one per half-open probe.
    const probes = states.filter((state) => state === 'half-open').length;
    expect(callsWhileDown).toBeLessThanOrEqual(runs + probes);
    const attemptsWhileDown = views.reduce(
      (sum, view) => sum + view.history.filter((entry) => entry.status === 'retrying').length,
      0,
    );
    expect(callsWhileDown).toBeLessThan(attemptsWhileDown);
  });

  it('compensates completed steps in reverse order after a late failure, retrying a flaky compensation', async () => {
    let refundAttempts = 0;
    configureOutsideSystem({
      verdict: (applicantId, op) => {
        if (applicantId !== 'late-fail') return 'ok';
        if (op === 'confirm') return 'rejected';
        if (op === 'refund' && ++refundAttempts === 1) return 'unavailable';
        return 'ok';
      },
    });
    const { runId } = await orchestrator.engine.start(
      'test.saga',
      { applicantId: 'late-fail' },
      { idempotencyKey: 'saga-1', tenantId: 't-1' },
    );
    const view = await until(orchestrator.engine, runId, finished);
    expect(view).toMatchObject({
      status: 'failed',
      failure: { stepId: 'confirm', code: 'OUTSIDE_REJECTED' },
      compensationsPending: [],
    });
    const ops = await dataSource.query(`SELECT op FROM ledger_ops WHERE applicant_id = 'late-fail' ORDER BY seq`);
    expect(ops.map((row: { op: string }) => row.op)).toEqual(['reserve', 'charge', 'refund', 'release']);
    expect(view.history.filter((entry) => entry.status === 'compensated').map((entry) => entry.stepId)).toEqual([
      'charge',
      'reserve',
    ]);
    expect(
      view.history.filter((entry) => entry.status === 'retrying').map((entry) => `${entry.stepId}:${entry.code}`),
    ).toEqual(['charge:OUTSIDE_UNAVAILABLE']);
    expect(refundAttempts).toBe(2);

    const happy = await orchestrator.engine.start(
      'test.saga',
      { applicantId: 'on-time' },
      { idempotencyKey: 'saga-2', tenantId: 't-1' },
    );
    expect(await until(orchestrator.engine, happy.runId, finished)).toMatchObject({
      status: 'completed',
      state: { ops: ['reserve', 'charge', 'confirm'] },
    });
  });
});
