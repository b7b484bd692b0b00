import { Connection } from 'rabbitmq-client';
import { DataSource } from 'typeorm';
import { declareTopology, deleteTopology } from '@baton/messaging';
import { openStateStore } from '@baton/state-store';
import {
  BuiltProcess,
  createIsolatedSchema,
  IsolatedSchema,
  isolatedBrokerNames,
  startBuiltProcess,
  testEnv,
} from '@baton/testing';
import { orchestrationMigrations } from '../database/orchestration-migrations';
import { createEngine, OUTSIDE_TABLE_SQL, testTopology } from '../../../fixtures/test-worker';

const entry = 'dist/out-tsc/libs/platform/orchestration/fixtures/worker-process.js';
const PARENTS = 30;

describe('child workflows across a crash: the parent waits durably for its child (real processes, PostgreSQL and RabbitMQ)', () => {
  const names = isolatedBrokerNames('child crash');
  let db: IsolatedSchema;
  let dataSource: DataSource;
  const workers: BuiltProcess[] = [];
  const raw = new Connection(testEnv.rabbitmqUrl);

  beforeAll(async () => {
    db = await createIsolatedSchema('child crash');
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 4,
      migrations: orchestrationMigrations,
    });
    await dataSource.query(OUTSIDE_TABLE_SQL);
    await declareTopology(raw, testTopology(names.prefix));
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await deleteTopology(raw, testTopology(names.prefix));
    await raw.close();
    await names.cleanup();
    await dataSource?.destroy();
    await db?.drop();
  });

  const start = async (name: string, role: 'orchestrator' | 'agent') => {
    const worker = await startBuiltProcess({
      entry,
      name,
      env: {
        ROLE: role,
        DATABASE_URL: db.databaseUrl,
        SCHEMA: db.schema,
        RABBITMQ_URL: testEnv.rabbitmqUrl,
        NAMESPACE: names.prefix,
        OUTSIDE_LATENCY_MS: '40',
      },
      ready: { outputMatches: new RegExp(`${role} ready`) },
    });
    workers.push(worker);
    return worker;
  };

  it('completes every parent with its child result after the only orchestrator is SIGKILLed mid-way, each child started once', async () => {
    const first = await start('orchestrator-1', 'orchestrator');
    await start('agent-1', 'agent');
    const { engine, dataSource: engineSource } = await createEngine({
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      rabbitmqUrl: testEnv.rabbitmqUrl,
      namespace: names.prefix,
    });
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
    await start('orchestrator-2', 'orchestrator');

    const deadline = Date.now() + 60_000;
    let views = await Promise.all(parents.map((runId) => engine.get(runId)));
    while (views.some((view) => view.status !== 'completed') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      views = await Promise.all(parents.map((runId) => engine.get(runId)));
    }
    await engineSource.destroy();
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
