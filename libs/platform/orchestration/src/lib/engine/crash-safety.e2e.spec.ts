import { Connection } from 'rabbitmq-client';
import { DataSource } from 'typeorm';
import { seededRandom } from '@baton/llm';
import { declareTopology, deleteTopology } from '@baton/messaging';
import { AuditKey, openStateStore, PostgresEventStore } from '@baton/state-store';
import {
  BuiltProcess,
  createIsolatedSchema,
  IsolatedSchema,
  isolatedBrokerNames,
  startBuiltProcess,
  testEnv,
} from '@baton/testing';
import { orchestrationMigrations } from '../database/orchestration-migrations';
import { createEngine, OUTSIDE_TABLE_SQL, TEST_AUDIT_KEY, testTopology } from '../../../fixtures/test-worker';

const entry = 'dist/out-tsc/libs/platform/orchestration/fixtures/worker-process.js';
const RUNS = 200;

describe('crash safety: 200 runs across 2 orchestrator and 2 agent processes with SIGKILLs (real PostgreSQL and RabbitMQ)', () => {
  const names = isolatedBrokerNames('crash safety');
  const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000);
  const random = seededRandom(seed);
  let db: IsolatedSchema;
  let dataSource: DataSource;
  const workers = new Map<string, BuiltProcess>();
  const raw = new Connection(testEnv.rabbitmqUrl);

  beforeAll(async () => {
    process.stdout.write(`crash-safety seed: ${seed} (rerun with CRASH_SEED=${seed})\n`);
    db = await createIsolatedSchema('crash safety');
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
    await Promise.all([...workers.values()].map((worker) => worker.kill()));
    await deleteTopology(raw, testTopology(names.prefix));
    await raw.close();
    await names.cleanup();
    await dataSource?.destroy();
    await db?.drop();
  });

  const start = async (name: string, role: 'orchestrator' | 'agent', extra: Record<string, string> = {}) => {
    const worker = await startBuiltProcess({
      entry,
      name,
      env: {
        ROLE: role,
        DATABASE_URL: db.databaseUrl,
        SCHEMA: db.schema,
        RABBITMQ_URL: testEnv.rabbitmqUrl,
        NAMESPACE: names.prefix,
        OUTSIDE_LATENCY_MS: '15',
        ...extra,
      },
      ready: { outputMatches: new RegExp(`${role} ready`) },
    });
    workers.set(name, worker);
    return worker;
  };

  it('completes every run, and the outside system sees each effect exactly once', async () => {
    const crashAfter = 5 + Math.floor(random() * 30);
    await Promise.all([
      start('orchestrator-1', 'orchestrator'),
      start('orchestrator-2', 'orchestrator'),
      start('agent-1', 'agent'),
      start('agent-2', 'agent', { CRASH_AFTER_OUTSIDE_CALL: String(crashAfter) }),
    ]);
    const selfKill = (workers.get('agent-2') as BuiltProcess).exited;

    const { engine, dataSource: engineSource } = await createEngine({
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      rabbitmqUrl: testEnv.rabbitmqUrl,
      namespace: names.prefix,
    });
    const runIds: string[] = [];
    const starting = (async () => {
      for (let i = 0; i < RUNS; i++) {
        const amount = [200, 800, 3000, 6000, 20_000][i % 5] as number;
        const applicantId = i % 17 === 0 ? `fail-${i}` : `applicant-${i}`;
        runIds.push(
          (
            await engine.start(
              'test.application',
              { applicantId, amount },
              { idempotencyKey: `crash-${i}`, tenantId: 'crash' },
            )
          ).runId,
        );
        if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 120));
      }
    })();

    // The agent that kills itself after an outside call is restarted as soon as it dies.
    const restartedAgent = selfKill.then(async (exit) => {
      expect(exit.signal).toBe('SIGKILL');
      await start('agent-2', 'agent');
    });

    // At least four more SIGKILLs at seeded moments, each followed by a restart.
    const kills: string[] = [];
    const roles = ['orchestrator-1', 'orchestrator-2', 'agent-1'];
    for (let k = 0; k < 4; k++) {
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.floor(random() * 500)));
      const name = roles[Math.floor(random() * roles.length)] as string;
      await (workers.get(name) as BuiltProcess).kill('SIGKILL');
      kills.push(name);
      await start(name, name.startsWith('agent') ? 'agent' : 'orchestrator');
    }
    await starting;
    await restartedAgent;
    process.stdout.write(`crash-safety kills: agent-2 (after outside call ${crashAfter}), ${kills.join(', ')}\n`);

    const deadline = Date.now() + 120_000;
    for (;;) {
      const rows: Array<{ status: string; n: number }> = await dataSource.query(
        `SELECT status, count(*)::int AS n FROM workflow_runs WHERE run_id = ANY($1) GROUP BY status`,
        [runIds],
      );
      const completed = rows.find((row) => row.status === 'completed')?.n ?? 0;
      if (completed === RUNS) break;
      if (Date.now() > deadline) throw new Error(`after the crashes: ${JSON.stringify(rows)} (seed ${seed})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await engineSource.destroy();

    // Exactly one outside effect per run, however often the call was made.
    const effects: Array<{ idempotency_key: string; calls: number }> = await dataSource.query(
      'SELECT idempotency_key, calls FROM outside_effects',
    );
    expect(new Set(effects.map((effect) => effect.idempotency_key))).toEqual(
      new Set(runIds.map((runId) => `${runId}:check:0`)),
    );
    // The self-killed agent made its outside call and died before its inbox commit: that call was repeated.
    expect(effects.some((effect) => effect.calls > 1)).toBe(true);

    // No run recorded a step twice.
    const events = new PostgresEventStore(dataSource, AuditKey.from(TEST_AUDIT_KEY));
    for (const runId of runIds) {
      const steps = (await events.readStream(runId))
        .filter((event) => event.type === 'run.step.completed')
        .map((event) => (event.data as { stepId: string }).stepId);
      expect({ runId, duplicates: steps.filter((step, index) => steps.indexOf(step) !== index) }).toEqual({
        runId,
        duplicates: [],
      });
    }
  });
});
