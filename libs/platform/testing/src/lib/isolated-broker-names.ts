import { Connection } from 'rabbitmq-client';
import { testEnv } from './test-env';
import { uniqueSuiteName } from './suite-name';

/**
 * Exchange and queue names unique to one suite run, remembered so that {@link cleanup} can
 * delete everything the suite declared, even after a failure.
 *
 * @example
 * const names = isolatedBrokerNames('messaging');
 * const queue = names.queue('orders'); // 'baton.test.messaging_1a2b3c4d.orders'
 * afterAll(() => names.cleanup());
 */
export interface IsolatedBrokerNames {
  readonly prefix: string;
  exchange(base: string): string;
  queue(base: string): string;
  /** Deletes every exchange and queue named through this object. */
  cleanup(rabbitmqUrl?: string): Promise<void>;
}

export function isolatedBrokerNames(suite: string): IsolatedBrokerNames {
  const prefix = `baton.test.${uniqueSuiteName(suite)}`;
  const exchanges = new Set<string>();
  const queues = new Set<string>();
  return {
    prefix,
    exchange(base) {
      const name = `${prefix}.${base}`;
      exchanges.add(name);
      return name;
    },
    queue(base) {
      const name = `${prefix}.${base}`;
      queues.add(name);
      return name;
    },
    async cleanup(rabbitmqUrl = testEnv.rabbitmqUrl) {
      const connection = new Connection({ url: rabbitmqUrl, retryLow: 100, retryHigh: 500 });
      connection.on('error', () => undefined);
      try {
        await connection.onConnect(5000);
        // Deleting a name that was never declared is not an error in RabbitMQ.
        for (const queue of queues) await connection.queueDelete({ queue });
        for (const exchange of exchanges) await connection.exchangeDelete({ exchange });
      } finally {
        await connection.close();
      }
    },
  };
}
