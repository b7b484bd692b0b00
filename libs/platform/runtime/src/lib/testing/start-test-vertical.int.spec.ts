import request from 'supertest';
import { nextMessage, testEnv } from '@baton/testing';
import { Connection } from 'rabbitmq-client';
import { declareTopology, queueFor } from '@baton/messaging';
import { ECHO_WORKFLOW_ID, EchoFinished, echoVertical } from '../../../fixtures/echo-vertical';
import { startTestVertical, TestVertical } from './start-test-vertical';

describe('a second vertical (echo) on the runtime, with no wiring code of its own (real PostgreSQL and RabbitMQ)', () => {
  let echo: TestVertical;
  const raw = new Connection(testEnv.rabbitmqUrl);

  beforeAll(async () => {
    echo = await startTestVertical(echoVertical, { suite: 'runtime echo', env: { ECHO_LATENCY_MS: '5' } });
  });
  afterAll(async () => {
    await echo?.stop();
    await raw.close();
  });

  it('runs its workflow through its agent over the derived topology, and publishes its event', async () => {
    const token = await echo.tokens.issue({ role: 'caller', tenant: 'acme', subject: 'tester' });
    const started = await request(echo.url)
      .post('/v1/echoes')
      .set('Authorization', `Bearer ${token}`)
      .send({ key: 'k-1', text: 'hello' });
    expect(started.status).toBe(202);
    const done = await echo.until(started.body.runId as string, (view) => view.status === 'completed');
    expect(done.state).toEqual({ text: 'hello', echoed: 'HELLO' });
    expect(done.workflowId).toBe(ECHO_WORKFLOW_ID);

    const read = await request(echo.url).get('/v1/echoes/k-1').set('Authorization', `Bearer ${token}`);
    expect(read.body).toEqual({ status: 'completed', state: { text: 'hello', echoed: 'HELLO' } });
    // The run's events are hash-chained in the vertical's schema.
    expect((await echo.events.readStream(done.runId)).map((event) => event.type)).toContain('run.completed');
  });

  it('publishes the emitted event on the event queue the runtime derived', async () => {
    await declareTopology(raw, echo.topology);
    const queue = queueFor(echo.topology, EchoFinished.type);
    expect(queue?.kind).toBe('event');
    const { runId } = await echo.engine.start(
      ECHO_WORKFLOW_ID,
      { text: 'bus' },
      { idempotencyKey: 'k-2', tenantId: 'acme' },
    );
    await echo.until(runId, (view) => view.status === 'completed');
    // The first test's event is ahead of this one on the queue.
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const message = await nextMessage(raw, queue?.name as string, 10_000);
      texts.push((message?.body as { payload: { text: string } }).payload.text);
    }
    expect(texts).toEqual(['HELLO', 'BUS']);
  });

  it('answers a request the API refuses with a problem naming the field', async () => {
    const token = await echo.tokens.issue({ role: 'caller', tenant: 'acme' });
    const refused = await request(echo.url)
      .post('/v1/echoes')
      .set('Authorization', `Bearer ${token}`)
      .send({ key: 'k-3' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'text' })]);
  });

  it("cancels a run and lists runs by status through the API's run client", async () => {
    // An API with no worker beside it: the run waits at its agent step until it is cancelled.
    const apiOnly = await startTestVertical(echoVertical, { suite: 'runtime echo api only', role: 'api' });
    try {
      const runs = apiOnly.running.api?.runs;
      if (!runs) throw new Error('no run client');
      const waiting = await runs.start(
        ECHO_WORKFLOW_ID,
        { text: 'stop me' },
        { idempotencyKey: 'k-4', tenantId: 'acme' },
      );
      const other = await runs.start(
        ECHO_WORKFLOW_ID,
        { text: 'keep me' },
        { idempotencyKey: 'k-5', tenantId: 'acme' },
      );
      await runs.cancel(waiting.runId, 'changed my mind');
      expect((await runs.get(waiting.runId)).status).toBe('cancelled');
      expect((await runs.list({ status: 'cancelled' })).map((run) => run.runId)).toEqual([waiting.runId]);
      expect((await runs.list({ workflowId: ECHO_WORKFLOW_ID })).map((run) => run.runId).sort()).toEqual(
        [waiting.runId, other.runId].sort(),
      );
      await expect(runs.cancel(waiting.runId)).rejects.toThrow(/already cancelled/);
    } finally {
      await apiOnly.stop();
    }
  });
});
