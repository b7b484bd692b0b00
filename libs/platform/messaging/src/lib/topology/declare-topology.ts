import type { Connection } from 'rabbitmq-client';
import { consumingQueueArguments, Topology } from './topology';

/**
 * Declares a topology (idempotent: redeclaring with the same arguments is a no-op). Dead-letter
 * queues are quorum queues too, bound to the dead-letter exchange by the source queue's name.
 */
export async function declareTopology(connection: Connection, topology: Topology): Promise<void> {
  await connection.exchangeDeclare({ exchange: topology.commandExchange, type: 'direct', durable: true });
  await connection.exchangeDeclare({ exchange: topology.eventExchange, type: 'topic', durable: true });
  await connection.exchangeDeclare({ exchange: topology.deadLetterExchange, type: 'direct', durable: true });
  const continuation = topology.continuation;
  await connection.queueDeclare({
    queue: continuation.deadLetterQueue,
    durable: true,
    arguments: deadLetterQueueArguments(),
  });
  await connection.queueBind({
    queue: continuation.deadLetterQueue,
    exchange: topology.deadLetterExchange,
    routingKey: continuation.name,
  });
  // Fed through the default exchange (routing key = queue name) by agents' outboxes.
  await connection.queueDeclare({
    queue: continuation.name,
    durable: true,
    arguments: consumingQueueArguments(topology, continuation),
  });
  for (const spec of topology.queues) {
    await connection.queueDeclare({
      queue: spec.deadLetterQueue,
      durable: true,
      arguments: deadLetterQueueArguments(),
    });
    await connection.queueBind({
      queue: spec.deadLetterQueue,
      exchange: topology.deadLetterExchange,
      routingKey: spec.name,
    });
    await connection.queueDeclare({
      queue: spec.name,
      durable: true,
      arguments: consumingQueueArguments(topology, spec),
    });
    await connection.queueBind({ queue: spec.name, exchange: spec.exchange, routingKey: spec.pattern });
  }
}

/**
 * A dead-letter queue must never drop what it holds. It has no dead-letter exchange of its own,
 * and RabbitMQ 4.0 to 4.2 give quorum queues a default delivery limit of 20 that counts the
 * requeues of `npm run dlq -- list|show`; an explicit, unreachable limit keeps every version safe.
 */
export function deadLetterQueueArguments(): Record<string, unknown> {
  return { 'x-queue-type': 'quorum', 'x-delivery-limit': 1_000_000 };
}

/** Every queue and exchange name of a topology, for clean-up in tests and tools. */
export function topologyNames(topology: Topology): { queues: string[]; exchanges: string[] } {
  return {
    queues: [
      topology.replyQueue,
      topology.continuation.deadLetterQueue,
      ...topology.queues.flatMap((spec) => [spec.name, spec.deadLetterQueue]),
    ],
    exchanges: [topology.commandExchange, topology.eventExchange, topology.deadLetterExchange],
  };
}

/** Deletes every queue and exchange of a topology (test suites and tools clean up with it). */
export async function deleteTopology(connection: Connection, topology: Topology): Promise<void> {
  const { queues, exchanges } = topologyNames(topology);
  for (const queue of queues) await connection.queueDelete({ queue });
  for (const exchange of exchanges) await connection.exchangeDelete({ exchange });
}
