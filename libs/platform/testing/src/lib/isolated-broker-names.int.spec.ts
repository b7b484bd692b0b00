import { Connection } from 'rabbitmq-client';
import { isolatedBrokerNames } from './isolated-broker-names';
import { testEnv } from './test-env';

describe('isolatedBrokerNames (real RabbitMQ)', () => {
  const connection = new Connection(testEnv.rabbitmqUrl);

  afterAll(() => connection.close());

  it('gives each suite its own names and deletes what it declared', async () => {
    const first = isolatedBrokerNames('broker names');
    const second = isolatedBrokerNames('broker names');
    expect(first.queue('orders')).not.toBe(second.queue('orders'));

    const queue = first.queue('orders');
    const exchange = first.exchange('commands');
    await connection.exchangeDeclare({ exchange, type: 'direct', durable: false, autoDelete: false });
    await connection.queueDeclare({ queue, durable: false, exclusive: false, autoDelete: false });
    expect((await connection.queueDeclare({ queue, passive: true })).queue).toBe(queue);

    await first.cleanup();

    await expect(connection.queueDeclare({ queue, passive: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(connection.exchangeDeclare({ exchange, passive: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
