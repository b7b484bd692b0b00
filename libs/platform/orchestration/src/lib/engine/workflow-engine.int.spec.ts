import { Connection } from 'rabbitmq-client';
import { DataSource } from 'typeorm';
import { isContractViolation } from '@baton/contracts';
import { declareTopology, deleteTopology, queueFor } from '@baton/messaging';
import { openStateStore, PostgresEventStore, AuditKey } from '@baton/state-store';
import { createIsolatedSchema, IsolatedSchema, isolatedBrokerNames, nextMessage, testEnv } from '@baton/testing';
import { orchestrationMigrations } from '../database/orchestration-migrations';
import { ScriptedModel } from '../ports/in-memory-ports';
import type { WorkflowEngine } from './workflow-engine';
import {
  createEngine,
  OUTSIDE_TABLE_SQL,
  RunningWorker,
  startAgents,
  startOrchestrator,
  TEST_AUDIT_KEY,
  testModel,
  testTopology,
  WorkerOptions,
  finished,
  until,
} from '../../../fixtures/test-worker';

describe('WorkflowEngine with orchestrator and agent workers (real PostgreSQL and RabbitMQ)', () => {
  const names = isolatedBrokerNames('orchestration');
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let options: WorkerOptions;
  let orchestrator: RunningWorker;
  let agents: { stop(): Promise<void> };
  const model: ScriptedModel = testModel();
  const raw = new Connection(testEnv.rabbitmqUrl);

  beforeAll(async () => {
    db = await createIsolatedSchema('orchestration');
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 4,
      migrations: orchestrationMigrations,
    });
    await dataSource.query(OUTSIDE_TABLE_SQL);
    options = {
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      rabbitmqUrl: testEnv.rabbitmqUrl,
      namespace: names.prefix,
    };
    await declareTopology(raw, testTopology(names.prefix));
    agents = await startAgents(options);
    orchestrator = await startOrchestrator(options, { model });
  });

  afterAll(async () => {
    await orchestrator?.stop();
    await agents?.stop();
    await deleteTopology(raw, testTopology(names.prefix));
    await raw.close();
    await names.cleanup();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('runs agent, policy, model, compute and emit steps to completion, each recorded once', async () => {
    const { runId, created } = await orchestrator.engine.start(
      'test.application',
      { applicantId: 'a-1', amount: 500 },
      { idempotencyKey: 'k-1', tenantId: 't-1' },
    );
    expect(created).toBe(true);
    const view = await until(orchestrator.engine, runId, finished);
    expect(view).toMatchObject({ status: 'completed', state: { checked: true, risk: 'low', outcome: 'approved' } });
    expect(view.history.filter((entry) => entry.status === 'completed').map((entry) => entry.stepId)).toEqual([
      'check',
      'gate',
      'assess',
      'score',
      'announce',
    ]);
    expect(model.calls.filter((call) => call.runId === runId)).toHaveLength(1);
    const effects = await dataSource.query('SELECT calls FROM outside_effects WHERE idempotency_key = $1', [
      `${runId}:check:0`,
    ]);
    expect(effects).toEqual([{ calls: 1 }]);
    // Published right after the commit that ended the run, so it may land a moment after the run reads finished.
    const decided = await nextMessage(
      raw,
      queueFor(testTopology(names.prefix), 'test.application.decided')?.name as string,
    );
    expect(JSON.parse(String(decided?.body ? JSON.stringify(decided.body) : 'null'))).toMatchObject({
      type: 'test.application.decided',
      payload: { applicantId: 'a-1', outcome: 'approved' },
    });
  });

  it('stores each completed step as its state changes, and an engine with nothing cached reads the whole state back', async () => {
    const { runId } = await orchestrator.engine.start(
      'test.application',
      { applicantId: 'a-delta', amount: 700 },
      { idempotencyKey: 'k-delta', tenantId: 't-1' },
    );
    const view = await until(orchestrator.engine, runId, finished);
    const steps: Array<{ schema_version: number; data: Record<string, unknown> }> = await dataSource.query(
      "SELECT schema_version, data FROM events WHERE stream_id = $1 AND type = 'run.step.completed' ORDER BY version",
      [runId],
    );
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      expect(step.schema_version).toBe(2);
      expect(step.data).not.toHaveProperty('state');
      // The input fields are in the state from the start and no step changes them.
      expect(step.data['stateChanges']).not.toHaveProperty('applicantId');
    }
    const fresh = await createEngine(options);
    try {
      expect((await fresh.engine.get(runId)).state).toEqual(view.state);
    } finally {
      await fresh.dataSource.destroy();
    }
  });

  it('ends a denied run before any model call', async () => {
    const { runId } = await orchestrator.engine.start(
      'test.application',
      { applicantId: 'a-2', amount: 20_000 },
      { idempotencyKey: 'k-2', tenantId: 't-1' },
    );
    const view = await until(orchestrator.engine, runId, finished);
    expect(view).toMatchObject({ status: 'completed', state: { outcome: 'declined', risk: null } });
    expect(model.calls.some((call) => call.runId === runId)).toBe(false);
  });

  it('starts once per idempotency key, and refuses bad input naming the field', async () => {
    const first = await orchestrator.engine.start(
      'test.application',
      { applicantId: 'a-3', amount: 100 },
      { idempotencyKey: 'k-3', tenantId: 't-1' },
    );
    const again = await orchestrator.engine.start(
      'test.application',
      { applicantId: 'a-3', amount: 100 },
      { idempotencyKey: 'k-3', tenantId: 't-1' },
    );
    expect(again).toEqual({ runId: first.runId, created: false });

    const error = await orchestrator.engine
      .start(
        'test.application',
        { applicantId: '', amount: -5, extra: 1 },
        { idempotencyKey: 'k-bad', tenantId: 't-1' },
      )
      .catch((e: unknown) => e);
    expect(isContractViolation(error)).toBe(true);
    const issues = isContractViolation(error) ? error.issues.map((issue) => `${issue.path}:${issue.rule}`).sort() : [];
    expect(issues).toEqual(['amount:too_small', 'applicantId:too_small', 'extra:unrecognized_keys']);
    const runs = await orchestrator.engine.query({ workflowId: 'test.application', limit: 1000 });
    expect(runs.map((run) => run.runId)).not.toContain(undefined);
    expect(runs.length).toBe(new Set(runs.map((run) => run.runId)).size);
  });

  it('changes nothing when a command and its reply are delivered twice', async () => {
    const { runId } = await orchestrator.engine.start(
      'test.application',
      { applicantId: 'a-4', amount: 200 },
      { idempotencyKey: 'k-4', tenantId: 't-1' },
    );
    await until(orchestrator.engine, runId, finished);
    const events = new PostgresEventStore(dataSource, AuditKey.from(TEST_AUDIT_KEY));
    const before = (await events.readStream(runId)).length;

    const rows: Array<{
      exchange: string;
      routing_key: string;
      envelope: { id: string };
      headers: Record<string, string>;
    }> = await dataSource.query(
      `SELECT exchange, routing_key, envelope, headers FROM outbox WHERE headers->>'x-baton-run-id' = $1 AND (routing_key = 'test.check.requested' OR envelope->>'type' = 'test.check.replied')`,
      [runId],
    );
    expect(rows.map((row) => row.routing_key).sort()).toEqual(
      [testTopology(names.prefix).continuation.name, 'test.check.requested'].sort(),
    );
    const publisher = raw.createPublisher({ confirm: true });
    for (const row of rows) {
      await publisher.send(
        {
          exchange: row.exchange,
          routingKey: row.routing_key,
          messageId: row.envelope.id,
          headers: row.headers,
          contentType: 'application/json',
        },
        row.envelope,
      );
    }
    await publisher.close();
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect((await events.readStream(runId)).length).toBe(before);
    expect(
      await dataSource.query('SELECT calls FROM outside_effects WHERE idempotency_key = $1', [`${runId}:check:0`]),
    ).toEqual([{ calls: 1 }]);
  });
});

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
      rabbitmqUrl: testEnv.rabbitmqUrl,
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
