import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { AsyncMessage, Connection, Consumer, ConsumerStatus } from 'rabbitmq-client';
import { AgentFailed, Envelope, isBatonError, MessageRegistry } from '@baton/contracts';
import {
  enqueueOutbox,
  InboxGuard,
  OutboxDispatcher,
  OutboxMessage,
  OutboxTicket,
  toOutboxMessage,
} from '@baton/state-store';
import type { EntityManager } from 'typeorm';
import { ConfirmedPublisher } from '../publishing/confirmed-publisher';
import { BATON_HEADERS, envelopeHeaders } from '../publishing/message-headers';
import { declareTopology } from '../topology/declare-topology';
import { consumingQueueArguments, QueueSpec, queueFor, Topology } from '../topology/topology';
import { DeadLetterer, MessagingMetrics, noMetrics } from '../dead-letter/dead-letterer';
import { drainConsumer } from './drain-consumer';
import { BatonRmqContext } from './baton-rmq.context';
import { decodeBody } from './decode-body';
import { consumeInSpan } from '../tracing/message-tracing';
import type { Reply } from './reply';

const REPLIES_ONLY_KEY = 'batonRepliesOnly';

/**
 * `@MessagePattern` extras for a workflow command handler that writes nothing but its reply
 * (it calls an outside system, or computes, and returns the reply envelope): the transport then
 * keeps no transaction open while it works, and records the inbox row and the reply in one
 * statement after it returns. Its context's `getTransaction()` is null. Handlers that write
 * state of their own leave it off and get the inbox transaction.
 *
 * @example
 * @MessagePattern(KycCheckRequested.type, REPLIES_ONLY)
 * async check(@Payload() envelope: KycRequest) { return KycChecked.create(...); }
 */
export const REPLIES_ONLY: Readonly<Record<string, unknown>> = Object.freeze({ [REPLIES_ONLY_KEY]: true });

export interface BatonRmqServerOptions {
  readonly url: string;
  readonly topology: Topology;
  /** Every message consumed, and every reply sent, is validated against this registry. */
  readonly registry: MessageRegistry;
  /** Unacknowledged messages per queue (bounded prefetch). */
  readonly prefetch?: number;
  /** Runs each handler inside the inbox: a redelivered message is acked without effect. */
  readonly inbox?: InboxGuard;
  /**
   * Publishes a workflow command's reply right after the inbox commit instead of waiting for a
   * relay (which still takes any reply it could not publish, after the grace period).
   */
  readonly outbox?: OutboxDispatcher;
  /**
   * An orchestrator in this process that takes a workflow command's reply right after the
   * commit that recorded it (eager continuation): the run advances without the reply's round
   * trip through the broker, and the reply's outbox row is marked sent. If it throws, the reply
   * is published as usual and any orchestrator continues the run from the continuation queue;
   * if the process dies first, a relay publishes the row after the dispatcher's grace period.
   * Needs `outbox`. `continueLocally` of `@baton/orchestration` builds it from an engine.
   */
  readonly continueLocally?: (reply: OutboxMessage) => Promise<void>;
  readonly metrics?: MessagingMetrics;
}

type TransportEvents = { error: (error: unknown) => void };

/**
 * A NestJS transport over RabbitMQ (rabbitmq-client): `@MessagePattern` and `@EventPattern`
 * handlers consume from the vertical's quorum queues. The transport awaits each handler before
 * acking (Nest's default event path would swallow errors). Messages that break their contract
 * are dead-lettered with the reason; a terminal `BatonError` is replied to a requester, or
 * dead-lettered for an event; anything else is requeued until the queue's delivery limit
 * dead-letters it. The consumer never crashes.
 *
 * @example
 * const app = await NestFactory.createMicroservice(AgentsModule, {
 *   strategy: new BatonRmqServer({ url, topology, registry }),
 * });
 * await app.listen();
 */
export class BatonRmqServer extends Server<TransportEvents> implements CustomTransportStrategy {
  private connection: Connection | null = null;
  private publisher: ConfirmedPublisher | null = null;
  private deadLetterer: DeadLetterer | null = null;
  private readonly consumers: Consumer[] = [];
  /** Messages being handled now, across this server's consumers (a drain waits for none). */
  private inFlight = 0;
  private readonly errorListeners: Array<(error: unknown) => void> = [];

  constructor(private readonly options: BatonRmqServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    // Consumers finish the messages in hand before closing, and hand none back: a graceful drain.
    await Promise.all(this.consumers.map((consumer) => drainConsumer(consumer, () => this.inFlight)));
    this.consumers.length = 0;
    await this.publisher?.close();
    await this.connection?.close();
    this.connection = null;
  }

  on<K extends keyof TransportEvents>(_event: K, callback: TransportEvents[K]): void {
    this.errorListeners.push(callback);
  }

  unwrap<T>(): T {
    if (!this.connection) throw new Error('BatonRmqServer is not listening');
    return this.connection as T;
  }

  private async start(): Promise<void> {
    const { topology } = this.options;
    const connection = new Connection({
      url: this.options.url,
      retryLow: 100,
      retryHigh: 2000,
      connectionName: `baton:${topology.prefix}`,
    });
    connection.on('error', (error) => this.report(error));
    this.connection = connection;
    await connection.onConnect(10_000);
    await declareTopology(connection, topology);
    this.publisher = new ConfirmedPublisher(connection);
    this.deadLetterer = new DeadLetterer(this.publisher, topology, this.options.metrics ?? noMetrics);

    for (const pattern of this.getHandlers().keys()) {
      const spec = queueFor(topology, pattern);
      if (!spec)
        throw new Error(
          `handler pattern "${pattern}" has no queue in topology ${topology.prefix}; add it to commands or events`,
        );
      const consumer = connection.createConsumer(
        {
          queue: spec.name,
          requeue: true,
          qos: { prefetchCount: this.options.prefetch ?? 20 },
          concurrency: this.options.prefetch ?? 20,
          // Redeclared on every reconnect (same arguments, so a no-op on a healthy broker).
          queueOptions: { durable: true, arguments: consumingQueueArguments(topology, spec) },
        },
        (message) =>
          consumeInSpan(
            spec.name,
            message,
            () => this.consume(spec, message),
            (status) => ConsumerStatus[status],
          ),
      );
      consumer.on('error', (error) => this.report(error));
      this.options.metrics?.redelivered?.(spec.name, 0);
      this.consumers.push(consumer);
    }
  }

  private async consume(spec: QueueSpec, message: AsyncMessage): Promise<ConsumerStatus> {
    if (message.redelivered) this.options.metrics?.redelivered?.(spec.name);
    this.inFlight += 1;
    try {
      return await this.consumeCounted(spec, message);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async consumeCounted(spec: QueueSpec, message: AsyncMessage): Promise<ConsumerStatus> {
    const deadLetterer = this.deadLetterer as DeadLetterer;
    const decoded = decodeBody(message.body);
    if (!decoded.ok) {
      await deadLetterer.deadLetter(message, spec, { code: 'INVALID_JSON', message: decoded.reason });
      return ConsumerStatus.ACK;
    }
    const parsed = this.options.registry.parse(decoded.value);
    if (!parsed.ok) {
      await deadLetterer.deadLetter(message, spec, {
        code: parsed.error.code,
        message: parsed.error.message,
        issues: parsed.error.issues,
      });
      return ConsumerStatus.ACK;
    }
    const envelope = parsed.value.envelope;
    const handler = this.getHandlerByPattern(spec.pattern) as MessageHandler;
    const continuation = message.headers?.[BATON_HEADERS.replyTo];
    if (typeof continuation === 'string' && !handler.isEventHandler) {
      return this.consumeWorkflowCommand(spec, message, envelope, handler, continuation);
    }
    const wantsReply = !handler.isEventHandler && Boolean(message.replyTo);
    try {
      const result = await this.invoke(handler, spec, message, envelope);
      if (wantsReply) await this.reply(message, { ok: true, envelope: this.validatedReply(result) });
      return ConsumerStatus.ACK;
    } catch (error) {
      if (isBatonError(error) && !error.retryable) {
        if (wantsReply) {
          await this.reply(message, {
            ok: false,
            error: { code: error.code, message: error.message, retryable: false },
          });
        } else {
          await deadLetterer.deadLetter(message, spec, { code: error.code, message: error.message });
        }
        return ConsumerStatus.ACK;
      }
      this.report(error);
      // Requeued: the queue's delivery limit dead-letters a message that keeps failing.
      return ConsumerStatus.REQUEUE;
    }
  }

  /**
   * A workflow command: the reply goes to the run's continuation queue through the outbox, in
   * the same transaction as the inbox row and the handler's own writes, so a crash anywhere
   * leaves either nothing (redelivery runs it again) or everything (redelivery is a duplicate
   * and the relay still publishes the committed reply). No process waits for it in memory.
   */
  private async consumeWorkflowCommand(
    spec: QueueSpec,
    message: AsyncMessage,
    envelope: Envelope,
    handler: MessageHandler,
    replyTo: string,
  ): Promise<ConsumerStatus> {
    const inbox = this.options.inbox;
    if (!inbox) {
      await (this.deadLetterer as DeadLetterer).deadLetter(message, spec, {
        code: 'INBOX_REQUIRED',
        message: 'workflow commands need a server configured with an inbox',
      });
      return ConsumerStatus.ACK;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (
        name.startsWith('x-baton-run-') ||
        name === 'x-baton-step-id' ||
        name === 'x-baton-visit' ||
        name === 'x-baton-attempt'
      )
        headers[name] = String(value);
    }
    const route = { exchange: '', routingKey: replyTo, headers };
    // The inbox row and the reply the effect yields commit together: in one statement after a
    // REPLIES_ONLY handler (no transaction open while it works, its context has none), else in
    // the inbox transaction beside the handler's own writes.
    const record = (effect: (manager: EntityManager | null) => Promise<OutboxMessage[]>) =>
      handler.extras?.[REPLIES_ONLY_KEY] === true
        ? inbox.replyOnce(spec.name, envelope.id, () => effect(null), this.options.outbox)
        : inbox.handleOnce(spec.name, envelope.id, async (manager) =>
            this.enqueueReply(manager, await effect(manager)),
          );
    try {
      const outcome = await record(async (manager) => {
        const context = new BatonRmqContext([message, envelope, spec.name, manager]);
        const result = await lastValueFrom(this.transformToObservable(await handler(envelope, context)), {
          defaultValue: undefined,
        });
        return [toOutboxMessage(this.validatedReply(result), route)];
      });
      if (!outcome.duplicate && outcome.value) await this.deliverReply(outcome.value);
      return ConsumerStatus.ACK;
    } catch (error) {
      // An error the agent did not type (a bug, a lost database) is requeued: the queue's
      // delivery limit dead-letters it if it persists. A typed error, retryable or not, is
      // replied as a typed failure so the workflow decides (retry with backoff, compensate,
      // fail) and a downstream outage does not burn the delivery limit.
      if (!isBatonError(error)) {
        this.report(error);
        return ConsumerStatus.REQUEUE;
      }
      const failed = AgentFailed.create(
        { code: error.code, message: error.message, retryable: error.retryable },
        {
          correlationId: envelope.correlationId,
          causationId: envelope.id,
          tenantId: envelope.tenantId,
          actor: { kind: 'service', id: spec.name },
        },
      );
      const outcome = await record(async () => [toOutboxMessage(failed, route)]);
      if (!outcome.duplicate && outcome.value) await this.deliverReply(outcome.value);
      return ConsumerStatus.ACK;
    }
  }

  /**
   * A committed reply: to the orchestrator in this process when there is one (then marked
   * sent), else, or if it fails, published by the dispatcher.
   */
  private async deliverReply(ticket: OutboxTicket): Promise<void> {
    const dispatcher = this.options.outbox;
    if (!dispatcher) return;
    const local = this.options.continueLocally;
    if (local && ticket.messages.length > 0) {
      try {
        for (const message of ticket.messages) await local(message);
        await dispatcher.markDelivered(ticket);
        return;
      } catch (error) {
        this.report(error);
      }
    }
    await dispatcher.dispatch(ticket);
  }

  /** A workflow reply into the outbox: for the dispatcher to publish after commit when there is one. */
  private async enqueueReply(manager: EntityManager, messages: OutboxMessage[]): Promise<OutboxTicket | null> {
    if (this.options.outbox) return this.options.outbox.enqueue(manager, messages);
    await enqueueOutbox(manager, messages);
    return null;
  }

  private async invoke(
    handler: MessageHandler,
    spec: QueueSpec,
    message: AsyncMessage,
    envelope: Envelope,
  ): Promise<unknown> {
    const run = async (manager: EntityManager | null) => {
      const context = new BatonRmqContext([message, envelope, spec.name, manager]);
      return lastValueFrom(this.transformToObservable(await handler(envelope, context)), { defaultValue: undefined });
    };
    if (!this.options.inbox) return run(null);
    const outcome = await this.options.inbox.handleOnce(spec.name, envelope.id, (manager) => run(manager));
    return outcome.duplicate ? undefined : outcome.value;
  }

  private validatedReply(result: unknown): Envelope {
    const parsed = this.options.registry.parse(result);
    if (!parsed.ok) throw parsed.error;
    return parsed.value.envelope;
  }

  private async reply(message: AsyncMessage, reply: Reply): Promise<void> {
    const envelope = reply.ok ? (reply.envelope as Envelope) : null;
    await (this.publisher as ConfirmedPublisher).publish({
      exchange: '',
      routingKey: message.replyTo as string,
      messageId: envelope?.id ?? `${message.messageId ?? 'reply'}.error`,
      correlationId: message.correlationId,
      body: JSON.stringify(reply),
      headers: envelope ? envelopeHeaders(envelope) : {},
    });
  }

  private report(error: unknown): void {
    for (const listener of this.errorListeners) listener(error);
  }
}
