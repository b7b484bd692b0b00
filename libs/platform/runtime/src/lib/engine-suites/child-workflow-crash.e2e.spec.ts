import { DataSource } from 'typeorm';
import { BuiltProcess, startBuiltProcess } from '@baton/testing';
import { startTestVertical, TEST_AUDIT_KEY_HEX, TestVertical } from '../testing/start-test-vertical';
import { appsVertical } from '../../../fixtures/engine/apps-vertical';

const entry = 'dist/out-tsc/libs/platform/runtime/fixtures/engine/apps-worker-process.js';
const PARENTS = 30;

describe('child workflows across a crash: the parent waits durably for its child (real processes, PostgreSQL and RabbitMQ)', () => {
  let apps: TestVertical;
  let dataSource: DataSource;
  const workers: BuiltProcess[] = [];

  beforeAll(async () => {
    // The API in this process starts the parents; the workers are processes on its schema and namespace.
    apps = await startTestVertical(appsVertical, { suite: 'child crash', role: 'api' });
    dataSource = apps.dataSource;
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await apps?.stop();
  });

  const start = async (name: string) => {
    const worker = await startBuiltProcess({
      entry,
      name,
      env: {
        DATABASE_URL: apps.config.DATABASE_URL,
        DATABASE_SCHEMA: apps.schema,
        RABBITMQ_URL: apps.config.RABBITMQ_URL,
        BROKER_NAMESPACE: apps.namespace,
        AUDIT_HMAC_KEY: TEST_AUDIT_KEY_HEX,
        OUTSIDE_LATENCY_MS: '40',
      },
      ready: { outputMatches: /apps worker ready/ },
    });
    workers.push(worker);
    return worker;
  };

  it('completes every parent with its child result after the only orchestrator is SIGKILLed mid-way, each child started once', async () => {
    // The only worker: its orchestrator and its agents die together.
    const first = await start('worker-1');
    // The API's run client, as the app's API starts runs.
    const engine = apps.runs;
    const parents: string[] = [];
    for (let i = 0; i < PARENTS; i++) {
      parents.push(
        (
          await engine.start(
            'test.parent',
            { applicantId: `p-${i}`, amount: i % 2 === 0 ? 300 : 3_000 },
            { idempotencyKey: `parent-${i}`, tenantId: 'kids' },
          )
        ).runId,
      );
    }
    // Kill the orchestrator once some children exist and some parents still wait.
    for (;;) {
      const [{ children, waitingParents }] = await dataSource.query(
        `SELECT count(*) FILTER (WHERE workflow_id = 'test.application')::int AS children,
                count(*) FILTER (WHERE workflow_id = 'test.parent' AND status = 'waiting')::int AS "waitingParents" FROM workflow_runs`,
      );
      if (children >= 5) {
        expect(waitingParents).toBeGreaterThan(0);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.kill('SIGKILL');
    await start('worker-2');

    const deadline = Date.now() + 60_000;
    let views = await Promise.all(parents.map((runId) => engine.get(runId)));
    while (views.some((view) => view.status !== 'completed') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      views = await Promise.all(parents.map((runId) => engine.get(runId)));
    }
    expect(views.map((view) => view.status)).toEqual(Array(PARENTS).fill('completed'));
    expect(views.map((view) => (view.state as { childOutcome: string }).childOutcome)).toEqual(
      parents.map((_, i) => (i % 2 === 0 ? 'approved' : 'declined')),
    );
    const [{ children }] = await dataSource.query(
      `SELECT count(*)::int AS children FROM workflow_runs WHERE workflow_id = 'test.application'`,
    );
    expect(children).toBe(PARENTS);
    const effects: Array<{ n: number }> = await dataSource.query('SELECT count(*)::int AS n FROM outside_effects');
    expect(effects[0]?.n).toBe(PARENTS);
  });
});
