import type { Connection } from 'rabbitmq-client';
import { rabbitmqReadiness } from './readiness-check';

const connection = (state: { ready: boolean; connects: boolean }) =>
  ({
    ready: state.ready,
    onConnect: () => (state.connects ? Promise.resolve() : Promise.reject(new Error('timeout'))),
  }) as unknown as Connection;

describe('rabbitmqReadiness', () => {
  it('is ready when the connection is open', async () => {
    await expect(rabbitmqReadiness(connection({ ready: true, connects: false })).check()).resolves.toBeUndefined();
  });

  it('gives a (re)connecting connection its grace period, and reports it down if it does not come up', async () => {
    await expect(rabbitmqReadiness(connection({ ready: false, connects: true })).check()).resolves.toBeUndefined();
    await expect(rabbitmqReadiness(connection({ ready: false, connects: false })).check()).rejects.toThrow(
      'the RabbitMQ connection is not open',
    );
  });
});
