import type { Connection, Publisher } from 'rabbitmq-client';
import { MessagingError } from '../errors';
import { publishInSpan } from '../tracing/message-tracing';

/** One message to publish. */
export interface OutgoingMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly messageId: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly correlationId?: string;
  readonly replyTo?: string;
}

/**
 * Publishes with publisher confirms and `mandatory` on every message, persistent, as JSON.
 * A message the broker returns as unroutable rejects with `UNROUTABLE` instead of resolving:
 * rabbitmq-client resolves the send on the confirm and emits `basic.return` just after it (the
 * return precedes the ack on the wire), so each send waits one turn of the event loop and
 * checks for a return matched by message id.
 *
 * @example
 * const publisher = new ConfirmedPublisher(connection);
 * await publisher.publish({ exchange: 'loan.commands', routingKey: 'loan.kyc.check', messageId: envelope.id, body: JSON.stringify(envelope) });
 */
export class ConfirmedPublisher {
  private readonly publisher: Publisher;
  private readonly returned = new Map<string, string>();

  constructor(connection: Connection) {
    this.publisher = connection.createPublisher({ confirm: true, maxAttempts: 2 });
    this.publisher.on('basic.return', (message) => {
      if (message.messageId) this.returned.set(message.messageId, `${message.replyCode} ${message.replyText}`);
    });
  }

  /** Publishes inside a PRODUCER span whose `traceparent` the message carries (see `publishInSpan`). */
  publish(message: OutgoingMessage): Promise<void> {
    return publishInSpan(message, message.headers ?? {}, (headers) => this.send(message, headers));
  }

  private async send(message: OutgoingMessage, headers: Record<string, unknown>): Promise<void> {
    try {
      await this.publisher.send(
        {
          exchange: message.exchange,
          routingKey: message.routingKey,
          messageId: message.messageId,
          correlationId: message.correlationId,
          replyTo: message.replyTo,
          headers,
          contentType: 'application/json',
          durable: true,
          mandatory: true,
        },
        // A Buffer keeps application/json: rabbitmq-client relabels string bodies as text/plain.
        Buffer.from(message.body, 'utf8'),
      );
    } catch (error) {
      throw new MessagingError(
        'PUBLISH_NOT_CONFIRMED',
        `publish of ${message.messageId} to ${message.exchange}/${message.routingKey} was not confirmed`,
        { cause: error },
      );
    }
    await new Promise((resolve) => setImmediate(resolve));
    const reason = this.returned.get(message.messageId);
    if (reason) {
      this.returned.delete(message.messageId);
      throw new MessagingError(
        'UNROUTABLE',
        `message ${message.messageId} to ${message.exchange || '(default)'}/${message.routingKey} was returned: ${reason}`,
      );
    }
  }

  close(): Promise<void> {
    return this.publisher.close();
  }
}
