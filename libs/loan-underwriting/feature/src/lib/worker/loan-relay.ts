import { Connection } from 'rabbitmq-client';
import { ConfirmedPublisher, declareTopology, RabbitOutboxPublisher } from '@baton/messaging';
import { openStateStore, OutboxRelay } from '@baton/state-store';
import { loanDatabaseMigrations } from '../database/loan-database';
import { loanTopology } from './loan-topology';

export interface LoanRelayOptions {
  readonly databaseUrl: string;
  readonly schema: string;
  readonly rabbitmqUrl: string;
  /** Prefixes queue and exchange names (test isolation); none in production. */
  readonly namespace?: string;
  /** Called with the relay, to watch its lag (`metrics.trackOutboxLag`). */
  readonly watchRelay?: (relay: OutboxRelay) => void;
  readonly pollIntervalMs?: number;
}

/** A running outbox relay of the vertical. */
export interface LoanRelay {
  readonly relay: OutboxRelay;
  stop(): Promise<void>;
}

/**
 * The `relay` role: publishes the vertical's outbox with publisher confirms, woken by NOTIFY and
 * polling as a fallback. Relays are competing (rows are claimed with SKIP LOCKED), so they scale
 * by starting more; every API and worker process already publishes its own commits at once, and
 * relays catch whatever a process died holding.
 *
 * @example const relay = await startLoanRelay({ databaseUrl, schema: 'loan', rabbitmqUrl });
 */
export async function startLoanRelay(options: LoanRelayOptions): Promise<LoanRelay> {
  const dataSource = await openStateStore({
    url: options.databaseUrl,
    schema: options.schema,
    poolSize: 4,
    migrations: loanDatabaseMigrations,
  });
  const connection = new Connection({ url: options.rabbitmqUrl, retryLow: 100, retryHigh: 2_000 });
  connection.on('error', () => undefined);
  await declareTopology(connection, loanTopology(options.namespace));
  const publisher = new ConfirmedPublisher(connection);
  const relay = new OutboxRelay(dataSource, new RabbitOutboxPublisher(publisher), {
    pollIntervalMs: options.pollIntervalMs ?? 500,
  });
  await relay.start();
  options.watchRelay?.(relay);
  return {
    relay,
    async stop() {
      await relay.stop();
      await publisher.close();
      await connection.close();
      await dataSource.destroy();
    },
  };
}
