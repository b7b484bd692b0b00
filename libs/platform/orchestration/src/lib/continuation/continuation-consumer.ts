import { AsyncMessage, Connection, Consumer, ConsumerStatus } from 'rabbitmq-client';
import { isBatonError, MessageRegistry } from '@baton/contracts';
import {
  ConfirmedPublisher,
  consumeInSpan,
  DeadLetterer,
  decodeBody,
  drainConsumer,
  MessagingMetrics,
  Topology,
} from '@baton/messaging';
import type { WorkflowEngine } from '../engine/workflow-engine';
import { continuationTarget } from '../engine/run-headers';

export interface ContinuationConsumerOptions {
  readonly url: string;
  readonly topology: Topology;
  readonly registry: MessageRegistry;
  readonly engine: WorkflowEngine;
  readonly prefetch?: number;
  readonly metrics?: MessagingMetrics;
  readonly onError?: (error: unknown) => void;
}

/**
 * An orchestrator worker's consumer of the vertical's continuation queue. Each message is
 * acked only after the run it concerns has been advanced as far as it can go, so a worker
 * killed mid-way leaves the message to be redelivered to another worker, which resumes from
 * the run's recorded history. Invalid messages are dead-lettered with the reason.
 */
export class ContinuationConsumer {
  private connection: Connection | null = null;
  private consumer: Consumer | null = null;
  /** Continuations being advanced now (a drain waits for none). */
  private inFlight = 0;
  private publisher: ConfirmedPublisher | null = null;

  constructor(private readonly options: ContinuationConsumerOptions) {}

  async start(): Promise<void> {
    const { topology } = this.options;
    const connection = new Connection({ url: this.options.url, retryLow: 100, retryHigh: 2000 });
    connection.on('error', (error) => this.options.onError?.(error));
    this.connection = connection;
    await connection.onConnect(10_000);
    this.publisher = new ConfirmedPublisher(connection);
    const deadLetterer = new DeadLetterer(this.publisher, topology, this.options.metrics);
    const spec = topology.continuation;
    const handle = async (message: AsyncMessage): Promise<ConsumerStatus> => {
      if (message.redelivered) this.options.metrics?.redelivered?.(spec.name);
      const decoded = decodeBody(message.body);
      const parsed = decoded.ok ? this.options.registry.parse(decoded.value) : null;
      if (!parsed?.ok) {
        const reason = !decoded.ok
          ? { code: 'INVALID_JSON', message: decoded.reason }
          : {
              code: 'CONTRACT_VIOLATION',
              message: parsed?.ok === false ? parsed.error.message : 'invalid',
              issues: parsed?.ok === false ? parsed.error.issues : [],
            };
        await deadLetterer.deadLetter(message, spec, reason);
        return ConsumerStatus.ACK;
      }
      try {
        // A CONSUMER span continuing the sender's trace: the run's next commits belong to it.
        await consumeInSpan(spec.name, message, () =>
          this.options.engine.continueWith(parsed.value.envelope, continuationTarget(message.headers)),
        );
        return ConsumerStatus.ACK;
      } catch (error) {
        this.options.onError?.(error);
        if (isBatonError(error) && !error.retryable) {
          await deadLetterer.deadLetter(message, spec, { code: error.code, message: error.message });
          return ConsumerStatus.ACK;
        }
        return ConsumerStatus.REQUEUE;
      }
    };
    this.consumer = connection.createConsumer(
      {
        queue: spec.name,
        requeue: true,
        qos: { prefetchCount: this.options.prefetch ?? 32 },
        concurrency: this.options.prefetch ?? 32,
        queueOptions: { passive: true },
      },
      async (message) => {
        this.inFlight += 1;
        try {
          return await handle(message);
        } finally {
          this.inFlight -= 1;
        }
      },
    );
    this.consumer.on('error', (error) => this.options.onError?.(error));
    this.options.metrics?.redelivered?.(spec.name, 0);
  }

  /** Lets the runs in hand finish advancing, then disconnects. */
  async stop(): Promise<void> {
    // Hands nothing back to the broker: each return counts toward the queue's delivery limit.
    if (this.consumer) await drainConsumer(this.consumer, () => this.inFlight);
    await this.publisher?.close();
    await this.connection?.close();
  }
}
