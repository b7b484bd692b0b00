import { Connection } from 'rabbitmq-client';
import { DataSource } from 'typeorm';
import { isContractViolation } from '@baton/contracts';
import { queueFor } from '@baton/messaging';
import { ScriptedModel, testModel } from '@baton/orchestration/testing';
import { nextMessage, testEnv } from '@baton/testing';
import type { RunningWorker } from '../roles/worker-role';
import { startTestVertical, TestVertical } from '../testing/start-test-vertical';
import { appsVertical, appsWorker } from '../../../fixtures/engine/apps-vertical';
import { finished, until } from '../../../fixtures/engine/until-run';

// The engine without workers (races, signals, retries) is tested in @baton/orchestration.
describe('WorkflowEngine with orchestrator and agent workers (real PostgreSQL and RabbitMQ)', () => {
  let apps: TestVertical;
  let dataSource: DataSource;
  let orchestrator: RunningWorker;
  const model: ScriptedModel = testModel();
  const raw = new Connection(testEnv.rabbitmqUrl);

  beforeAll(async () => {
    // The worker role's orchestrator and agents, in this process, with the suites' policy and model.
    apps = await startTestVertical(appsVertical, {
      suite: 'orchestration',
      role: 'worker',
      worker: appsWorker({ model }),
    });
    dataSource = apps.dataSource;
    orchestrator = apps.running.worker as RunningWorker;
  });

  afterAll(async () => {
    await apps?.stop();
    await raw.close();
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
    const decided = await nextMessage(raw, queueFor(apps.topology, 'test.application.decided')?.name as string);
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
    const fresh = await apps.startWorker();
    try {
      expect((await fresh.engine.get(runId)).state).toEqual(view.state);
    } finally {
      await fresh.stop();
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
    const events = apps.events;
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
      [apps.topology.continuation.name, 'test.check.requested'].sort(),
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
