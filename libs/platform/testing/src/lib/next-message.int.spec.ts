import { Connection } from 'rabbitmq-client';
import { isolatedBrokerNames } from './isolated-broker-names';
import { nextMessage } from './next-message';
import { testEnv } from './test-env';

describe('nextMessage (real RabbitMQ)', () => {
  const connection = new Connection(testEnv.rabbitmqUrl);
  const names = isolatedBrokerNames('next message');
  const queue = names.queue('probe');

  beforeAll(async () => {
    await connection.queueDeclare({ queue, durable: false, exclusive: false, autoDelete: false });
  });
  afterAll(async () => {
    await names.cleanup();
    await connection.close();
  });

  it('waits for a message published after it started, and takes it off the queue', async () => {
    const publisher = connection.createPublisher();
    setTimeout(() => void publisher.send({ routingKey: queue }, 'late'), 100);
    const message = await nextMessage(connection, queue, 5_000);
    expect(message.body).toBe('late');
    expect(await connection.basicGet({ queue, noAck: true })).toBeUndefined();
    await publisher.close();
  });

  it('throws naming the queue when nothing arrives in time', async () => {
    await expect(nextMessage(connection, queue, 100)).rejects.toThrow(
      new RegExp(`nothing arrived on ${queue.replace(/\./g, '\\.')}`),
    );
  });
});
