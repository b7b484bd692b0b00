import type { Consumer } from 'rabbitmq-client';

/** The part of rabbitmq-client's consumer a drain needs that its types keep internal. */
interface ConsumerChannel {
  readonly _ch?: { readonly active: boolean; basicCancel(params: { consumerTag: string }): Promise<unknown> };
}

/**
 * Stops a consumer without handing any message back to the broker. rabbitmq-client's own
 * `close()` buffers what arrives between its `basic.cancel` and the broker's cancel-ok and then
 * drops it, so the broker redelivers it, and every return counts toward a quorum queue's
 * delivery limit. Here the consumer is cancelled first while it still handles what arrives;
 * once the broker has confirmed, nothing more can come, the handlers in flight finish, and only
 * then does `close()` release the channel with nothing left to return.
 *
 * The graceful-shutdown e2e test of `@baton/runtime` fails if a library update changes this.
 *
 * @example await drainConsumer(consumer, () => this.inFlight);
 */
export async function drainConsumer(consumer: Consumer, inFlight: () => number, pollMs = 10): Promise<void> {
  const channel = (consumer as unknown as ConsumerChannel)._ch;
  const tag = consumer.consumerTag;
  if (channel?.active && tag) await channel.basicCancel({ consumerTag: tag }).catch(() => undefined);
  while (inFlight() > 0 || consumer.stats.prefetched > 0) await new Promise((resolve) => setTimeout(resolve, pollMs));
  await consumer.close();
}
