import { Connection } from 'rabbitmq-client';
import { declareTopology } from '@baton/messaging';
import { testEnv } from '@baton/testing';
import { ECHO_WORKFLOW_ID, EchoFinished, echoVertical } from '../../../fixtures/echo-vertical';
import { collectPublished } from './collect-published';
import { startTestVertical, TestVertical } from './start-test-vertical';

describe('collectPublished: a vertical’s published event read from its queue, keyed (real PostgreSQL and RabbitMQ)', () => {
  let echo: TestVertical;
  const raw = new Connection(testEnv.rabbitmqUrl);

  beforeAll(async () => {
    echo = await startTestVertical(echoVertical, { suite: 'runtime collect published' });
    await declareTopology(raw, echo.topology);
  });
  afterAll(async () => {
    await echo?.stop();
    await raw.close();
  });

  it('resolves each key with its first arrival, whether it came before or after the wait began', async () => {
    const finished = collectPublished(raw, echo.topology, EchoFinished, (payload) => payload.text);
    try {
      const start = (text: string) =>
        echo.engine.start(ECHO_WORKFLOW_ID, { text }, { idempotencyKey: `k-${text}`, tenantId: 'acme' });
      const waitingForTwo = finished.next('TWO', 15_000);
      const one = await start('one');
      await echo.until(one.runId, (view) => view.status === 'completed');
      await start('two');
      const [first, second] = [await finished.next('ONE', 15_000), await waitingForTwo];
      expect(first.payload).toEqual({ text: 'ONE' });
      expect(second.payload).toEqual({ text: 'TWO' });
      expect(second.at).toBeGreaterThan(first.at);
      expect(finished.latest.get('ONE')).toEqual({ text: 'ONE' });
      expect(finished.eventIds.get('TWO')?.size).toBe(1);
      await expect(finished.next('NEVER', 50)).rejects.toThrow('no echo.finished for NEVER in 50 ms');
    } finally {
      await finished.close();
    }
  });

  it('refuses a message the topology has no queue for', () => {
    const notPublished = { ...EchoFinished, type: 'echo.unknown' } as unknown as typeof EchoFinished;
    expect(() => collectPublished(raw, echo.topology, notPublished, (payload) => payload.text)).toThrow(
      'the topology has no queue for echo.unknown',
    );
  });
});
