import { Connection } from 'rabbitmq-client';
import { testEnv } from './test-env';

/** A broker connection as a suite holds one (to watch queues, collect events, clean up). */
export type BrokerConnection = Connection;

/**
 * A connection to the test broker that reconnects on its own and never throws from its error
 * event, for a suite to observe the bus as a downstream system would. Close it in `afterAll`.
 * Verticals' suites take it from here, so a vertical's code never imports the broker client.
 *
 * @example const broker = openTestBroker(); afterAll(() => broker.close());
 */
export function openTestBroker(url: string = testEnv.rabbitmqUrl): BrokerConnection {
  const connection = new Connection({ url, retryLow: 100, retryHigh: 2_000 });
  connection.on('error', () => undefined);
  return connection;
}
