import { AMQPError, type Connection } from 'rabbitmq-client';
import type { Topology } from '@baton/messaging';

/** A dead-letter queue and its ready messages; `null` when the queue is not declared (yet). */
export interface QueueDepth {
  readonly queue: string;
  readonly messages: number | null;
}

/** Every dead-letter queue of a topology: each consuming queue's, then the continuation queue's. */
export function deadLetterQueues(topology: Topology): string[] {
  return [...topology.queues.map((spec) => spec.deadLetterQueue), topology.continuation.deadLetterQueue];
}

/**
 * How many messages each queue holds, by passive declare: the broker here may have no management
 * API. A passive declare of a missing queue closes its channel with 404, so each probe has its own.
 *
 * @example await queueDepths(connection, deadLetterQueues(vertical.topology(namespace)));
 */
export async function queueDepths(connection: Connection, queues: readonly string[]): Promise<QueueDepth[]> {
  const depths: QueueDepth[] = [];
  for (const queue of queues) {
    const channel = await connection.acquire();
    try {
      const { messageCount } = await channel.queueDeclare({ queue, passive: true });
      depths.push({ queue, messages: messageCount });
    } catch (error) {
      if (!(error instanceof AMQPError && error.code === 'NOT_FOUND')) throw error;
      depths.push({ queue, messages: null });
    } finally {
      await channel.close();
    }
  }
  return depths;
}
