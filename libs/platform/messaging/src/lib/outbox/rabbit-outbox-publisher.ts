import type { OutboxMessage, OutboxPublisher } from '@baton/state-store';
import type { ConfirmedPublisher } from '../publishing/confirmed-publisher';
import { envelopeHeaders } from '../publishing/message-headers';

/**
 * The RabbitMQ adapter of the state store's outbox publisher port: each row goes out with a
 * publisher confirm and `mandatory`, so the relay marks it sent only once the broker has it.
 *
 * @example const relay = new OutboxRelay(dataSource, new RabbitOutboxPublisher(new ConfirmedPublisher(connection)));
 */
export class RabbitOutboxPublisher implements OutboxPublisher {
  constructor(private readonly publisher: ConfirmedPublisher) {}

  publish(message: OutboxMessage): Promise<void> {
    return this.publisher.publish({
      exchange: message.exchange,
      routingKey: message.routingKey,
      messageId: message.messageId,
      body: JSON.stringify(message.envelope),
      headers: { ...envelopeHeaders(message.envelope), ...message.headers },
    });
  }
}
