import { context } from '@opentelemetry/api';
import type { OutboxMessage, OutboxPublisher } from '@baton/state-store';
import type { ConfirmedPublisher } from '../publishing/confirmed-publisher';
import { envelopeHeaders } from '../publishing/message-headers';
import { contextFromTraceparent } from '../tracing/message-tracing';

/**
 * The RabbitMQ adapter of the state store's outbox publisher port: each row goes out with a
 * publisher confirm and `mandatory`, so the relay marks it sent only once the broker has it.
 *
 * @example const relay = new OutboxRelay(dataSource, new RabbitOutboxPublisher(new ConfirmedPublisher(connection)));
 */
export class RabbitOutboxPublisher implements OutboxPublisher {
  constructor(private readonly publisher: ConfirmedPublisher) {}

  publish(message: OutboxMessage): Promise<void> {
    // The relay runs outside the transaction that wrote the row: the publish span continues
    // the trace the envelope was enqueued in, not whatever the relay's loop is running under.
    const parent = contextFromTraceparent(message.envelope.traceparent);
    return context.with(parent, () =>
      this.publisher.publish({
        exchange: message.exchange,
        routingKey: message.routingKey,
        messageId: message.messageId,
        body: JSON.stringify(message.envelope),
        headers: { ...envelopeHeaders(message.envelope), ...message.headers },
      }),
    );
  }
}
