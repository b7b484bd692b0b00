import { DataSource } from 'typeorm';
import { replayRun, runEventsFromStored } from '@baton/orchestration';
import { testModel, testWorkflows } from '@baton/orchestration/testing';
import type { RunningWorker } from '../roles/worker-role';
import { startTestVertical, TestVertical } from '../testing/start-test-vertical';
import { appsVertical, appsWorker } from '../../../fixtures/engine/apps-vertical';
import { configureOutsideSystem } from '../../../fixtures/engine/outside-system';
import { finished, until } from '../../../fixtures/engine/until-run';

describe('parallel branches, fan-out and deadlines on the worker role (real PostgreSQL and RabbitMQ)', () => {
  let apps: TestVertical;
  let dataSource: DataSource;
  let worker: RunningWorker;

  beforeAll(async () => {
    // The suites' scripted model answers at once: the gated workflow's 400 ms deadline is for the
    // model, not for a busy machine's first call to the offline model's tokenizer.
    apps = await startTestVertical(appsVertical, {
      suite: 'parallel',
      role: 'worker',
      worker: appsWorker({ model: testModel() }),
    });
    dataSource = apps.dataSource;
    worker = apps.running.worker as RunningWorker;
  });

  afterEach(() => configureOutsideSystem({ latencyMs: 0, verdict: () => 'ok' }));

  afterAll(async () => {
    await apps?.stop();
  });

  const start = async (workflowId: string, input: unknown, key: string) =>
    (await worker.engine.start(workflowId, input, { idempotencyKey: key, tenantId: 't-par' })).runId;
  const replay = async (runId: string) =>
    replayRun(testWorkflows(), runEventsFromStored((await apps.events.readStream(runId)) as never)).divergences;

  it('sends both branches in the commit that starts the run, joins them, and each outside effect happens once', async () => {
    configureOutsideSystem({ latencyMs: 40 });
    const began = Date.now();
    const runId = await start('test.parallel.checks', { applicantId: 'p-1' }, 'par-1');
    const view = await until(worker.engine, runId, finished);
    expect(view).toMatchObject({ status: 'completed', state: { outcome: 'clear' } });
    // Two 40 ms calls at once, not one after the other (with room for a busy machine).
    expect(Date.now() - began).toBeLessThan(2_000);
    const first: Array<{ type: string }> = await dataSource.query(
      'SELECT type FROM events WHERE stream_id = $1 AND version <= 4 ORDER BY version',
      [runId],
    );
    expect(first.map((event) => event.type)).toEqual([
      'run.started',
      'run.parallel.started',
      'run.branch.scheduled',
      'run.branch.scheduled',
    ]);
    const effects = await dataSource.query(
      'SELECT idempotency_key, calls FROM outside_effects WHERE idempotency_key LIKE $1 ORDER BY 1',
      [`${runId}:%`],
    );
    expect(effects).toEqual([
      { idempotency_key: `${runId}:checks/identity:0`, calls: 1 },
      { idempotency_key: `${runId}:checks/screen:0`, calls: 1 },
    ]);
    expect(await replay(runId)).toEqual([]);
  });

  it('fans out over five vehicles two at a time and folds the ETAs in item order', async () => {
    const vehicles = ['v-a', 'v-bb', 'v-ccc', 'v-d', 'v-ee'];
    const runId = await start('test.fanout.fleet', { vehicles }, 'par-2');
    const view = await until(worker.engine, runId, finished);
    expect(view.status).toBe('completed');
    expect((view.state as { etas: Array<{ vehicleId: string }> }).etas.map((eta) => eta.vehicleId)).toEqual(vehicles);
    expect(await replay(runId)).toEqual([]);
  });

  it('takes onDeadline when the agent cannot answer in time: the durable deadline timer fires on a worker', async () => {
    configureOutsideSystem({ verdict: (applicantId) => (applicantId.startsWith('down') ? 'unavailable' : 'ok') });
    const runId = await start('test.deadline.step', { applicantId: 'down-1' }, 'par-3');
    const view = await until(worker.engine, runId, finished);
    expect(view).toMatchObject({ status: 'completed', state: { outcome: 'rules-only' } });
    expect(await replay(runId)).toEqual([]);
  });

  it('lets an agent refuse work past the deadline it reads from x-baton-deadline, and the run falls back at once', async () => {
    configureOutsideSystem({ latencyMs: 5_000 });
    const runId = await start('test.deadline.step', { applicantId: 'slow-1' }, 'par-4');
    const view = await until(worker.engine, runId, finished);
    expect(view).toMatchObject({ status: 'completed', state: { outcome: 'rules-only' } });
    const completed: Array<{ data: { output: unknown } }> = await dataSource.query(
      "SELECT data FROM events WHERE stream_id = $1 AND type = 'run.step.completed' ORDER BY version LIMIT 1",
      [runId],
    );
    expect(completed[0]?.data.output).toEqual({ deadline: { reason: 'DEADLINE_UNREACHABLE' } });
  });

  it('runs a gated model branch beside an agent branch on the worker, under the permit its policy step minted', async () => {
    const runId = await start('test.parallel.gated', { applicantId: 'g-1' }, 'par-5');
    const view = await until(worker.engine, runId, finished);
    expect(view).toMatchObject({ status: 'completed', state: { outcome: 'model:low' } });
    expect(await replay(runId)).toEqual([]);
  });
});
