import { DataSource } from 'typeorm';
import { seededRandom } from '@baton/llm';
import { BuiltProcess, startBuiltProcess } from '@baton/testing';
import { startTestVertical, TEST_AUDIT_KEY_HEX, TestVertical } from '../testing/start-test-vertical';
import { appsVertical } from '../../../fixtures/engine/apps-vertical';

const entry = 'dist/out-tsc/libs/platform/runtime/fixtures/engine/apps-worker-process.js';
const RUNS = 60;

describe('crash safety of parallel branches: 60 runs whose two branch replies race SIGKILLs of 4 worker processes (real PostgreSQL and RabbitMQ)', () => {
  const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000);
  const random = seededRandom(seed);
  let apps: TestVertical;
  let dataSource: DataSource;
  const workers = new Map<string, BuiltProcess>();

  beforeAll(async () => {
    process.stdout.write(`parallel crash seed: ${seed} (rerun with CRASH_SEED=${seed})\n`);
    // The API in this process starts the runs; the workers are processes on its schema and namespace.
    apps = await startTestVertical(appsVertical, { suite: 'parallel crash', role: 'api' });
    dataSource = apps.dataSource;
  });

  afterAll(async () => {
    await Promise.all([...workers.values()].map((worker) => worker.kill()));
    await apps?.stop();
  });

  const start = async (name: string, extra: Record<string, string> = {}) => {
    const worker = await startBuiltProcess({
      entry,
      name,
      env: {
        DATABASE_URL: apps.config.DATABASE_URL,
        DATABASE_SCHEMA: apps.schema,
        RABBITMQ_URL: apps.config.RABBITMQ_URL,
        BROKER_NAMESPACE: apps.namespace,
        AUDIT_HMAC_KEY: TEST_AUDIT_KEY_HEX,
        OUTSIDE_LATENCY_MS: '15',
        ...extra,
      },
      ready: { outputMatches: /apps worker ready/ },
    });
    workers.set(name, worker);
    return worker;
  };

  it('completes every run with both branches folded once, and the outside system sees each branch effect exactly once', async () => {
    const crashAfter = 5 + Math.floor(random() * 30);
    await Promise.all([
      start('worker-1'),
      start('worker-2'),
      start('worker-3'),
      // Each run makes two outside calls (identity, screening): a crash after one lands between its branch replies.
      start('worker-4', { CRASH_AFTER_OUTSIDE_CALL: String(crashAfter) }),
    ]);
    const selfKill = (workers.get('worker-4') as BuiltProcess).exited;

    // The API's run client, as the app's API starts runs.
    const engine = apps.runs;
    const runIds: string[] = [];
    const starting = (async () => {
      for (let i = 0; i < RUNS; i++) {
        const applicantId = i % 7 === 0 ? `hit-${i}` : `applicant-${i}`;
        runIds.push(
          (
            await engine.start(
              'test.parallel.checks',
              { applicantId },
              { idempotencyKey: `par-crash-${i}`, tenantId: 'crash' },
            )
          ).runId,
        );
        if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 120));
      }
    })();

    // The worker that kills itself after an outside call is restarted as soon as it dies.
    const restartedWorker = selfKill.then(async (exit) => {
      expect(exit.signal).toBe('SIGKILL');
      await start('worker-4');
    });

    // At least four more SIGKILLs at seeded moments, each followed by a restart.
    const kills: string[] = [];
    const roles = ['worker-1', 'worker-2', 'worker-3'];
    for (let k = 0; k < 4; k++) {
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.floor(random() * 500)));
      const name = roles[Math.floor(random() * roles.length)] as string;
      await (workers.get(name) as BuiltProcess).kill('SIGKILL');
      kills.push(name);
      await start(name);
    }
    await starting;
    await restartedWorker;
    process.stdout.write(`parallel crash kills: worker-4 (after outside call ${crashAfter}), ${kills.join(', ')}\n`);

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

    // Exactly one outside effect per run and branch, however often the call was made.
    const effects: Array<{ idempotency_key: string; calls: number }> = await dataSource.query(
      'SELECT idempotency_key, calls FROM outside_effects',
    );
    expect(new Set(effects.map((effect) => effect.idempotency_key))).toEqual(
      new Set(runIds.flatMap((runId) => [`${runId}:checks/identity:0`, `${runId}:checks/screen:0`])),
    );
    expect(effects.some((effect) => effect.calls > 1)).toBe(true);

    // Each branch folded once, each step completed once, and the outcome is the one the replies give.
    for (const [index, runId] of runIds.entries()) {
      const stream = await apps.events.readStream(runId);
      const branches = stream
        .filter((event) => event.type === 'run.branch.completed')
        .map((event) => (event.data as { branch: string }).branch)
        .sort();
      const steps = stream
        .filter((event) => event.type === 'run.step.completed')
        .map((event) => (event.data as { stepId: string }).stepId);
      const final = stream.find((event) => event.type === 'run.completed')?.data as { state: { outcome: string } };
      expect({ runId, branches, steps, outcome: final.state.outcome }).toEqual({
        runId,
        branches: ['identity', 'screen'],
        steps: ['checks', 'verdict'],
        outcome: index % 7 === 0 ? 'refer' : 'clear',
      });
    }
  });
});
