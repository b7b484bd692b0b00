import { declareTopology, RabbitOutboxPublisher } from '@baton/messaging';
import { OutboxRelay } from '@baton/state-store';
import type { Vertical } from '../definition/define-vertical';
import type { VerticalConfig } from '../definition/vertical-definition';
import { openBroker, openVerticalStore } from './process-resources';

/** A running outbox relay of a vertical. */
export interface RunningRelay {
  readonly relay: OutboxRelay;
  stop(): Promise<void>;
}

/**
 * The `relay` role: publishes the vertical's outbox with publisher confirms, woken by NOTIFY and
 * polling as a fallback. Relays compete (rows are claimed with SKIP LOCKED and a lease), so they
 * scale by starting more; every API and worker process publishes its own commits at once, and
 * relays catch whatever a process died holding.
 *
 * @example const relay = await startRelayRole(loanVertical, config);
 */
export async function startRelayRole(
  vertical: Vertical,
  config: VerticalConfig,
  options: { readonly watchRelay?: (relay: OutboxRelay) => void; readonly pollIntervalMs?: number } = {},
): Promise<RunningRelay> {
  const dataSource = await openVerticalStore(vertical, config, 4);
  try {
    const broker = await openBroker(config.RABBITMQ_URL, `baton:${vertical.name}:relay`);
    await declareTopology(broker.connection, vertical.topology(config.BROKER_NAMESPACE));
    const relay = new OutboxRelay(dataSource, new RabbitOutboxPublisher(broker.publisher), {
      pollIntervalMs: options.pollIntervalMs ?? 500,
    });
    await relay.start();
    options.watchRelay?.(relay);
    return {
      relay,
      async stop() {
        await relay.stop();
        await broker.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
