import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { Connection, Consumer } from 'rabbitmq-client';
import { v7 as uuidv7 } from 'uuid';
import { Envelope, MessageRegistry } from '@baton/contracts';
import { ConfirmedPublisher } from '../publishing/confirmed-publisher';
import { envelopeHeaders } from '../publishing/message-headers';
import { declareTopology } from '../topology/declare-topology';
import type { Topology } from '../topology/topology';
import { MessagingError } from '../errors';
import { decodeBody } from './decode-body';
import { replySchema } from './reply';

export interface BatonRmqClientOptions {
  readonly url: string;
  readonly topology: Topology;
  /** Requests, events and replies are validated against this registry. */
  readonly registry: MessageRegistry;
  readonly requestTimeoutMs?: number;
}

interface PendingRequest {
  readonly callback: (packet: WritePacket) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * The client side of the RabbitMQ transport: `send(pattern, envelope)` publishes a command to
 * the vertical's command exchange and resolves with the validated reply envelope; `emit`
 * publishes an event to the topic exchange. Every publish is confirmed and `mandatory`: an
 * unroutable message is an error, and an envelope that breaks its contract is refused before
 * it leaves the process.
 *
 * @example
 * const client = new BatonRmqClient({ url, topology, registry });
 * const reply = await lastValueFrom(client.send('loan.kyc.check', KycRequested.create(payload, meta)));
 */
export class BatonRmqClient extends ClientProxy {
  private connection: Connection | null = null;
  private publisher: ConfirmedPublisher | null = null;
  private replyConsumer: Consumer | null = null;
  private connecting: Promise<void> | null = null;
  private readonly replyQueue: string;
  private readonly pending = new Map<string, PendingRequest>();

  constructor(private readonly options: BatonRmqClientOptions) {
    super();
    this.replyQueue = `${options.topology.prefix}.client.${uuidv7()}`;
  }

  connect(): Promise<void> {
    this.connecting ??= this.open();
    return this.connecting;
  }

  async close(): Promise<void> {
    for (const [id, request] of this.pending) {
      clearTimeout(request.timer);
      request.callback({
        err: new MessagingError('REPLY_TIMEOUT', 'client closed before the reply arrived'),
        isDisposed: true,
      });
      this.pending.delete(id);
    }
    await this.replyConsumer?.close();
    await this.publisher?.close();
    await this.connection?.close();
    this.connecting = null;
  }

  unwrap<T>(): T {
    if (!this.connection) throw new Error('BatonRmqClient is not connected');
    return this.connection as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const pattern = this.normalizePattern(packet.pattern);
    const envelope = this.validated(packet.data);
    const correlationId = uuidv7();
    const timeoutMs = this.options.requestTimeoutMs ?? 30_000;
    const timer = setTimeout(
      () =>
        this.settle(correlationId, {
          err: new MessagingError('REPLY_TIMEOUT', `no reply to ${pattern} within ${timeoutMs} ms`),
        }),
      timeoutMs,
    );
    this.pending.set(correlationId, { callback, timer });
    (this.publisher as ConfirmedPublisher)
      .publish({
        exchange: this.options.topology.commandExchange,
        routingKey: pattern,
        messageId: envelope.id,
        correlationId,
        replyTo: this.replyQueue,
        body: JSON.stringify(envelope),
        headers: envelopeHeaders(envelope),
      })
      .catch((error: unknown) => this.settle(correlationId, { err: error }));
    return () => {
      const request = this.pending.get(correlationId);
      if (request) clearTimeout(request.timer);
      this.pending.delete(correlationId);
    };
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const envelope = this.validated(packet.data);
    await (this.publisher as ConfirmedPublisher).publish({
      exchange: this.options.topology.eventExchange,
      routingKey: this.normalizePattern(packet.pattern),
      messageId: envelope.id,
      body: JSON.stringify(envelope),
      headers: envelopeHeaders(envelope),
    });
    return undefined as T;
  }

  private validated(data: unknown): Envelope {
    const parsed = this.options.registry.parse(data);
    if (!parsed.ok) throw parsed.error;
    return parsed.value.envelope;
  }

  private async open(): Promise<void> {
    const connection = new Connection({ url: this.options.url, retryLow: 100, retryHigh: 2000 });
    connection.on('error', () => undefined);
    this.connection = connection;
    await connection.onConnect(10_000);
    await declareTopology(connection, this.options.topology);
    this.publisher = new ConfirmedPublisher(connection);
    this.replyConsumer = connection.createConsumer(
      { queue: this.replyQueue, noAck: true, queueOptions: { exclusive: true, autoDelete: true, durable: false } },
      (message) => {
        const correlationId = message.correlationId;
        if (!correlationId) return;
        const decoded = decodeBody(message.body);
        const reply = decoded.ok ? replySchema.safeParse(decoded.value) : null;
        if (!reply?.success) {
          this.settle(correlationId, {
            err: new MessagingError('REMOTE_HANDLER_FAILED', 'the reply is not a Baton reply'),
          });
        } else if (!reply.data.ok) {
          this.settle(correlationId, {
            err: new MessagingError('REMOTE_HANDLER_FAILED', `${reply.data.error.code}: ${reply.data.error.message}`),
          });
        } else {
          const parsed = this.options.registry.parse(reply.data.envelope);
          this.settle(correlationId, parsed.ok ? { response: parsed.value.envelope } : { err: parsed.error });
        }
      },
    );
    await new Promise<void>((resolve) => this.replyConsumer?.once('ready', () => resolve()));
  }

  private settle(correlationId: string, outcome: { response?: unknown; err?: unknown }): void {
    const request = this.pending.get(correlationId);
    if (!request) return;
    clearTimeout(request.timer);
    this.pending.delete(correlationId);
    request.callback({ ...outcome, isDisposed: true });
  }
}
