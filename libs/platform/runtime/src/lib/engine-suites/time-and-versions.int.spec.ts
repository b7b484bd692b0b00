import { DataSource } from 'typeorm';
import { isBatonError } from '@baton/contracts';
import type { RunView } from '@baton/orchestration';
import { reviewWorkflowV2, TEST_WORKFLOWS } from '@baton/orchestration/testing';
import type { RunningWorker } from '../roles/worker-role';
import { startTestVertical, TestVertical } from '../testing/start-test-vertical';
import { appsVertical, appsVerticalWith, appsWorker } from '../../../fixtures/engine/apps-vertical';
import { finished, until } from '../../../fixtures/engine/until-run';

const waiting = (view: RunView) => view.status === 'waiting';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const completions = (view: RunView, stepId: string) =>
  view.history.filter((entry) => entry.stepId === stepId && entry.status === 'completed').length;

describe('time and evolution: timers, signals, deadlines and versions across restarts (real PostgreSQL and RabbitMQ)', () => {
  let apps: TestVertical;
  let dataSource: DataSource;
  let orchestrator: RunningWorker | null = null;

  beforeAll(async () => {
    // The API role keeps the suite's schema, and starts and signals runs while no worker runs.
    apps = await startTestVertical(appsVertical, { suite: 'time and versions', role: 'api', worker: appsWorker() });
    dataSource = apps.dataSource;
  });

  afterEach(async () => {
    await orchestrator?.stop();
    orchestrator = null;
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('fires a sleep once when it falls due while no worker runs', async () => {
    orchestrator = await apps.startWorker();
    const { runId } = await orchestrator.engine.start(
      'test.nap',
      { applicantId: 'n-1', napMs: 400 },
      { idempotencyKey: 'nap-1', tenantId: 't-1' },
    );
    await until(orchestrator.engine, runId, waiting);
    await orchestrator.stop();
    await sleep(600);
    orchestrator = await apps.startWorker();
    const view = await until(orchestrator.engine, runId, finished);
    expect(view.status).toBe('completed');
    expect(completions(view, 'nap')).toBe(1);
    const timers = await dataSource.query(
      `SELECT kind, fired_at IS NOT NULL AS fired FROM workflow_timers WHERE run_id = $1`,
      [runId],
    );
    expect(timers).toEqual([{ kind: 'wake', fired: true }]);
  });

  it('keeps a signal sent while no worker runs, and its timeout, due later, changes nothing', async () => {
    // The API: it signals the run while no worker runs.
    const engine = apps.runs;
    orchestrator = await apps.startWorker();
    const { runId } = await orchestrator.engine.start(
      'test.review',
      { applicantId: 'r-1' },
      { idempotencyKey: 'review-1', tenantId: 't-1' },
    );
    await until(orchestrator.engine, runId, waiting);
    await orchestrator.stop();
    await engine.signal(runId, 'review', { approved: true });
    orchestrator = await apps.startWorker();
    await until(orchestrator.engine, runId, finished);
    await sleep(1_700); // past the 1.5 s signal timeout
    const view = await orchestrator.engine.get(runId);
    expect(view).toMatchObject({ status: 'completed', version: 1, state: { outcome: 'approved' } });
    expect(completions(view, 'await')).toBe(1);
    expect(view.history.some((entry) => entry.stepId === 'expire')).toBe(false);
  });

  it('takes the timeout branch when no signal arrives, across a restart', async () => {
    orchestrator = await apps.startWorker();
    const { runId } = await orchestrator.engine.start(
      'test.review',
      { applicantId: 'r-2' },
      { idempotencyKey: 'review-2', tenantId: 't-1' },
    );
    await until(orchestrator.engine, runId, waiting);
    await orchestrator.stop();
    await sleep(1_600);
    orchestrator = await apps.startWorker();
    expect(await until(orchestrator.engine, runId, finished)).toMatchObject({
      status: 'completed',
      state: { outcome: 'expired' },
    });
  });

  it('fails a run that passes its deadline with RUN_TIMED_OUT', async () => {
    orchestrator = await apps.startWorker();
    const { runId } = await orchestrator.engine.start(
      'test.deadline',
      { applicantId: 'd-1' },
      { idempotencyKey: 'deadline-1', tenantId: 't-1' },
    );
    expect(await until(orchestrator.engine, runId, finished)).toMatchObject({
      status: 'failed',
      failure: { code: 'RUN_TIMED_OUT', stepId: 'await' },
    });
  });

  it('runs a new version beside the old: runs in flight finish on v1, new runs start on v2', async () => {
    orchestrator = await apps.startWorker();
    const old = await orchestrator.engine.start(
      'test.review',
      { applicantId: 'v-1' },
      { idempotencyKey: 'version-1', tenantId: 't-1' },
    );
    await until(orchestrator.engine, old.runId, waiting);
    await orchestrator.stop();

    // A deployment of the vertical with v2 of the review beside v1.
    const both = appsVerticalWith([...TEST_WORKFLOWS, reviewWorkflowV2]);
    orchestrator = await apps.startWorker({ vertical: both });
    const fresh = await orchestrator.engine.start(
      'test.review',
      { applicantId: 'v-2' },
      { idempotencyKey: 'version-2', tenantId: 't-1' },
    );
    await until(orchestrator.engine, fresh.runId, waiting);
    await orchestrator.engine.signal(old.runId, 'review', { approved: true });
    await orchestrator.engine.signal(fresh.runId, 'review', { approved: false });
    const [oldView, freshView] = await Promise.all([
      until(orchestrator.engine, old.runId, finished),
      until(orchestrator.engine, fresh.runId, finished),
    ]);
    expect(oldView).toMatchObject({ status: 'completed', version: 1, state: { outcome: 'approved' } });
    expect(oldView.history.some((entry) => entry.stepId === 'stamp')).toBe(false);
    expect(freshView).toMatchObject({ status: 'completed', version: 2, state: { outcome: 'declined', stamped: true } });
  });

  it('fails loudly on a run whose version this worker does not have, and leaves the run untouched', async () => {
    // The API (v1 registered) starts the run while no worker runs.
    const v1 = apps.runs;
    const { runId } = await v1.start(
      'test.review',
      { applicantId: 'u-1' },
      { idempotencyKey: 'unknown-1', tenantId: 't-1' },
    );
    // A worker deployed with v2 alone (no agent steps, so no agents).
    orchestrator = await apps.startWorker({ vertical: appsVerticalWith([reviewWorkflowV2], { agents: false }) });
    const v2Only = orchestrator.engine;
    const error = await v2Only.signal(runId, 'review', { approved: true }).catch((caught: unknown) => caught);
    expect(isBatonError(error) && error.code).toBe('UNKNOWN_WORKFLOW');
    expect(String((error as Error).message)).toContain('test.review@v1');
    const view = await v2Only.get(runId);
    expect(view).toMatchObject({ status: 'waiting', version: 1, currentStep: 'await' });
    expect(view.history.map((entry) => `${entry.stepId}:${entry.status}`)).toEqual(['await:scheduled']);
  });
});
