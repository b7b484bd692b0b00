import type { AsyncMessage } from 'rabbitmq-client';
import type { ContractIssue } from '@baton/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { ConfirmedPublisher } from '../publishing/confirmed-publisher';
import { BATON_HEADERS } from '../publishing/message-headers';
import { bodyText } from '../transport/decode-body';
import type { QueueSpec, Topology } from '../topology/topology';

/** Why a message was dead-lettered: a code, a readable message, and contract issues if any. */
export interface DeadLetterReason {
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly ContractIssue[];
}

/** Counts what the transport does, for the observability library to expose. */
export interface MessagingMetrics {
  deadLettered(queue: string, code: string): void;
  /**
   * A message arrived that the broker had delivered before (a consumer died or handed it back).
   * Each such return counts toward a quorum queue's delivery limit, so a clean shutdown makes none.
   * A consumer reports `count` 0 for its queue when it starts, so the series exists (at zero)
   * before the first redelivery and `increase()` sees that one too.
   */
  redelivered?(queue: string, count?: number): void;
}

export const noMetrics: MessagingMetrics = { deadLettered: () => undefined };

/**
 * Moves a message to its queue's dead-letter queue with the reason in headers. The broker's
 * own dead-lettering adds only `x-death`, so Baton republishes (confirmed) and only then lets
 * the caller ack the original: the message is never lost and never silently dropped.
 */
export class DeadLetterer {
  constructor(
    private readonly publisher: ConfirmedPublisher,
    private readonly topology: Topology,
    private readonly metrics: MessagingMetrics = noMetrics,
  ) {}

  async deadLetter(message: AsyncMessage, spec: QueueSpec, reason: DeadLetterReason): Promise<void> {
    await this.publisher.publish({
      exchange: this.topology.deadLetterExchange,
      routingKey: spec.name,
      messageId: message.messageId ?? uuidv7(),
      correlationId: message.correlationId,
      body: bodyText(message.body),
      headers: {
        ...message.headers,
        [BATON_HEADERS.errorCode]: reason.code,
        [BATON_HEADERS.error]: JSON.stringify({ message: reason.message, issues: reason.issues ?? [] }),
        [BATON_HEADERS.originalExchange]: message.exchange,
        [BATON_HEADERS.originalRoutingKey]: message.routingKey,
        [BATON_HEADERS.originalQueue]: spec.name,
        [BATON_HEADERS.deadLetteredAt]: new Date().toISOString(),
      },
    });
    this.metrics.deadLettered(spec.name, reason.code);
  }
}
