import { DataSource } from 'typeorm';
import { isContractViolation } from '@baton/contracts';
import { openStateStore, PostgresEventStore, AuditKey } from '@baton/state-store';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { orchestrationMigrations } from '../database/orchestration-migrations';
import type { WorkflowEngine } from './workflow-engine';
import { createEngine, TEST_AUDIT_KEY } from '../../../fixtures/test-engine';

// The engine with orchestrator and agent workers runs in @baton/runtime
// (src/lib/engine-suites/workflow-engine.int.spec.ts), on the worker role the apps run.
describe('WorkflowEngine without workers: races and signals (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let engines: Array<{ engine: WorkflowEngine; dataSource: DataSource }>;

  beforeAll(async () => {
    db = await createIsolatedSchema('orchestration races');
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 4,
      migrations: orchestrationMigrations,
    });
    const options = {
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      namespace: 'unused',
    };
    engines = [await createEngine(options), await createEngine(options)];
  });
  afterAll(async () => {
    for (const { dataSource: source } of engines ?? []) await source.destroy();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('lets one of two workers racing on a run win each step; the history has no duplicate step', async () => {
    const [a, b] = engines as unknown as [{ engine: WorkflowEngine }, { engine: WorkflowEngine }];
    for (let i = 0; i < 10; i++) {
      const { runId } = await a.engine.start(
        'test.application',
        { applicantId: `race-${i}`, amount: 100 },
        { idempotencyKey: `race-${i}`, tenantId: 't' },
      );
      await Promise.all([a.engine.advance(runId), b.engine.advance(runId)]);
      const events = await new PostgresEventStore(dataSource, AuditKey.from(TEST_AUDIT_KEY)).readStream(runId);
      const steps = events
        .filter((event) => event.type !== 'run.started')
        .map((event) => `${event.type}:${(event.data as { stepId: string }).stepId}`);
      expect(steps).toEqual(['run.step.scheduled:check']);
      expect((await a.engine.get(runId)).status).toBe('waiting');
    }
  });

  it('keeps a signal sent before the run waits for it, and refuses a bad signal payload naming the field', async () => {
    const [a] = engines as unknown as [{ engine: WorkflowEngine }];
    const { runId } = await a.engine.start(
      'test.approval',
      { requestId: 'r-1' },
      { idempotencyKey: 'approval-1', tenantId: 't' },
    );
    const bad = await a.engine.signal(runId, 'approval', { approved: 'yes' }).catch((error: unknown) => error);
    expect(isContractViolation(bad) && bad.issues.map((issue) => `${issue.path}:${issue.rule}`)).toEqual([
      'approved:invalid_type',
    ]);
    await a.engine.signal(runId, 'approval', { approved: true });
    const view = await a.engine.advance(runId);
    expect(view).toMatchObject({ status: 'completed', state: { approved: true } });
    await expect(a.engine.signal(runId, 'approval', { approved: false })).rejects.toMatchObject({
      code: 'RUN_STATE_CONFLICT',
    });
  });

  it('refuses to run a model step whose input changed after the policy allowed it', async () => {
    const [a] = engines as unknown as [{ engine: WorkflowEngine }];
    const { runId } = await a.engine.start(
      'test.drift',
      { applicantId: 'd-1', amount: 100 },
      { idempotencyKey: 'drift-1', tenantId: 't' },
    );
    const view = await a.engine.advance(runId);
    expect(view).toMatchObject({ status: 'failed', currentStep: 'assess', failure: { code: 'PERMIT_REQUIRED' } });
    expect(view.failure?.message).toMatch(/different input/);
  });

  it('retries a failed run from its failed step in a new epoch, cancels a waiting run, and finds runs by status and workflow', async () => {
    const [a] = engines as unknown as [{ engine: WorkflowEngine }];
    const { runId: failed } = await a.engine.start(
      'test.drift',
      { applicantId: 'd-2', amount: 100 },
      { idempotencyKey: 'drift-2', tenantId: 't' },
    );
    await a.engine.advance(failed);
    await a.engine.retry(failed);
    const retried = await a.engine.advance(failed);
    expect(retried).toMatchObject({ status: 'failed', epoch: 1, currentStep: 'assess' });
    await expect(a.engine.retry(failed).then(() => a.engine.retry(failed))).rejects.toMatchObject({
      code: 'RUN_STATE_CONFLICT',
    });

    const { runId: waiting } = await a.engine.start(
      'test.approval',
      { requestId: 'r-2' },
      { idempotencyKey: 'approval-2', tenantId: 't' },
    );
    expect(await a.engine.advance(waiting)).toMatchObject({ status: 'waiting', currentStep: 'wait' });
    await a.engine.cancel(waiting, 'no longer needed');
    expect(await a.engine.get(waiting)).toMatchObject({ status: 'cancelled' });
    await expect(a.engine.signal(waiting, 'approval', { approved: true })).rejects.toMatchObject({
      code: 'RUN_STATE_CONFLICT',
    });

    const cancelled = await a.engine.query({ status: 'cancelled', workflowId: 'test.approval' });
    expect(cancelled.map((run) => run.runId)).toEqual([waiting]);
    const drifted = await a.engine.query({
      workflowId: 'test.drift',
      updatedAfter: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(drifted.map((run) => run.runId)).toContain(failed);
    expect(
      await a.engine.query({ workflowId: 'test.drift', updatedAfter: new Date(Date.now() + 60_000).toISOString() }),
    ).toEqual([]);
  });
});
