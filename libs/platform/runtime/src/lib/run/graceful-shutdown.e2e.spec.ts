import { BuiltProcess, freePort, startBuiltProcess } from '@baton/testing';
import { ECHO_WORKFLOW_ID, echoVertical } from '../../../fixtures/echo-vertical';
import { startTestVertical, TEST_AUDIT_KEY_HEX, TestVertical } from '../testing/start-test-vertical';

const entry = 'dist/out-tsc/libs/platform/runtime/fixtures/echo-main.js';
const RUNS = 40;
const GRACE_MS = 10_000;

/** The sum of a counter over its labels, from a Prometheus text page (0 when absent). */
function counterTotal(page: string, name: string): number {
  return page
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

describe('a worker stopped with SIGTERM while it holds runs (real processes, PostgreSQL and RabbitMQ)', () => {
  let api: TestVertical;
  const workers: BuiltProcess[] = [];

  beforeAll(async () => {
    // The API in this process; the workers as processes on the same schema and namespace.
    api = await startTestVertical(echoVertical, { suite: 'runtime shutdown', role: 'api' });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await api?.stop();
  });

  const startWorker = async (name: string) => {
    const metricsPort = await freePort();
    const worker = await startBuiltProcess({
      entry,
      name,
      env: {
        ROLE: 'worker',
        DATABASE_URL: api.config.DATABASE_URL,
        DATABASE_SCHEMA: api.schema,
        RABBITMQ_URL: api.config.RABBITMQ_URL,
        BROKER_NAMESPACE: api.namespace,
        AUDIT_HMAC_KEY: TEST_AUDIT_KEY_HEX,
        METRICS_PORT: String(metricsPort),
        ECHO_LATENCY_MS: '300',
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
      },
      ready: { outputMatches: /echo worker ready/ },
      timeoutMs: 60_000,
    });
    workers.push(worker);
    return { worker, metricsPort };
  };

  it('finishes what it holds, exits 0 within the grace period, and hands nothing back to the broker', async () => {
    const first = await startWorker('echo-worker-1');
    const second = await startWorker('echo-worker-2');
    const runs = api.running.api?.runs;
    if (!runs) throw new Error('no run client');
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      runIds.push(
        (await runs.start(ECHO_WORKFLOW_ID, { text: `t${i}` }, { idempotencyKey: `k${i}`, tenantId: 'acme' })).runId,
      );
    }
    // Both workers are busy: the slow agent holds deliveries in each when the first is told to stop.
    const busy = Date.now() + 20_000;
    while ((await runs.list({ status: 'completed' })).length < 2 && Date.now() < busy) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const held = RUNS - (await runs.list({ status: 'completed', limit: RUNS })).length;
    expect(held).toBeGreaterThan(10);

    const signalled = Date.now();
    process.kill(first.worker.pid, 'SIGTERM');
    const exit = await first.worker.exited;
    const stoppedInMs = Date.now() - signalled;
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(stoppedInMs).toBeLessThan(GRACE_MS);
    expect(first.worker.output()).toMatch(/stopped cleanly/);

    // Every run completes (the second worker takes what the first never received).
    for (const runId of runIds) {
      const view = await api.until(runId, (run) => run.status === 'completed', 30_000);
      expect(view.state).toMatchObject({ echoed: expect.stringMatching(/^T\d+$/) });
    }
    // Nothing the first worker held went back to the queue: the second saw no redelivery.
    const page = await (await fetch(`http://127.0.0.1:${second.metricsPort}/metrics`)).text();
    expect(page).toContain('baton_runs_total');
    // The series exists (each consumer starts it at zero) and stayed there.
    expect(page).toMatch(/^baton_messages_redelivered_total\{queue="[^"]+\.cmd\.echo\.requested"\} 0$/m);
    expect(counterTotal(page, 'baton_messages_redelivered_total')).toBe(0);
  }, 120_000);
});
