import { randomUUID } from 'node:crypto';
import type { Channel, Connection, SyncMessage } from 'rabbitmq-client';
import { bodyText, ConfirmedPublisher } from '@baton/messaging';
import { DeadLetter, replayHeaders } from './dead-letter';
import { exchangeName, table } from './dlq-tables';

/**
 * Takes up to the queue's current message count without acking, so a message put back is never
 * read twice. The caller settles each one or leaves it to {@link returnUnsettled}.
 */
export async function takeAll(channel: Channel, queue: string): Promise<SyncMessage[]> {
  const { messageCount } = await channel.queueDeclare({ queue, passive: true });
  const messages: SyncMessage[] = [];
  for (let taken = 0; taken < messageCount; taken++) {
    const message = await channel.basicGet({ queue, noAck: false });
    if (!message) break;
    messages.push(message);
  }
  return messages;
}

/** Puts back every message not acked. Nack rather than reject: RabbitMQ 4.3+ then leaves the delivery count alone. */
export function returnUnsettled(channel: Channel, messages: readonly SyncMessage[], acked: ReadonlySet<number>): void {
  if (!channel.active) return;
  for (const message of messages) {
    if (!acked.has(message.deliveryTag))
      channel.basicNack({ deliveryTag: message.deliveryTag, requeue: true, multiple: false });
  }
}

/**
 * Republishes each message to its original exchange and routing key (confirmed, mandatory) and
 * acks its dead-letter copy only after the confirm. Returns the delivery tags acked and whether
 * every replay succeeded.
 */
export async function replay(
  connection: Connection,
  channel: Channel,
  letters: readonly DeadLetter[],
): Promise<{ acked: Set<number>; failed: number }> {
  const publisher = new ConfirmedPublisher(connection);
  const acked = new Set<number>();
  const rows: string[][] = [];
  try {
    for (const l of letters) {
      const { exchange, routingKey } = l.origin;
      try {
        if (exchange === undefined || routingKey === undefined)
          throw new Error('original exchange and routing key unknown (no x-baton-original-* or x-death headers)');
        await publisher.publish({
          exchange,
          routingKey,
          messageId: l.message.messageId ?? randomUUID(),
          correlationId: l.message.correlationId,
          body: bodyText(l.message.body),
          headers: replayHeaders(l.message),
        });
        channel.basicAck({ deliveryTag: l.message.deliveryTag });
        acked.add(l.message.deliveryTag);
        rows.push([l.id, exchangeName(exchange), routingKey, 'replayed']);
      } catch (error) {
        rows.push([
          l.id,
          exchangeName(exchange),
          routingKey ?? '(unknown)',
          `failed: ${error instanceof Error ? error.message : String(error)}`,
        ]);
      }
    }
  } finally {
    await publisher.close();
  }
  console.log(table(['message id', 'exchange', 'routing key', 'result'], rows));
  return { acked, failed: letters.length - acked.size };
}
