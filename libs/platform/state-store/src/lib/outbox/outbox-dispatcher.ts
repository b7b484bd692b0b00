import type { DataSource, EntityManager } from 'typeorm';
import type { StatementParams } from '../sql/statement-params';
import {
  enqueueOutbox,
  OutboxMessage,
  OutboxPublisher,
  outboxInsertCte,
  withActiveTraceparent,
} from './outbox-message';

const MARK_BATCH_WINDOW_MS = 2;

/** Messages written in a transaction, to dispatch once it has committed. */
export interface OutboxTicket {
  readonly positions: readonly number[];
  readonly messages: readonly OutboxMessage[];
}

export interface OutboxDispatcherOptions {
  /** How long relays leave a dispatched row alone before taking it themselves. Default 2 s. */
  readonly graceMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * The outbox rows of a one-statement write (see `outboxInsertCte`), written only if `guard`
 * applied: reserved for `dispatcher` when there is one, whose ticket then publishes them after
 * the statement; else left to relays, and the ticket carries no messages to publish.
 *
 * @example const outbox = outboxStatementPart(params, messages, { alias: 'baton_outbox', guard: 'baton_head' }, dispatcher);
 */
export function outboxStatementPart(
  params: StatementParams,
  messages: readonly OutboxMessage[],
  options: { alias: string; guard: string },
  dispatcher?: Pick<OutboxDispatcher, 'prepare'> | null,
): { cte: string; ticket(positions: readonly number[]): OutboxTicket } {
  if (dispatcher) return dispatcher.prepare(params, messages, options);
  return { cte: outboxInsertCte(params, messages, options), ticket: (positions) => ({ positions, messages: [] }) };
}

/**
 * The outbox's fast path: the process that commits messages publishes them itself right after
 * the commit, instead of waiting for a relay to be woken and claim them, and marks them sent.
 * The outbox guarantee is unchanged: rows are written in the caller's transaction, and a row
 * whose dispatch failed, or whose process died first, is published by a relay once its grace
 * period is over (at least once; consumers deduplicate through their inbox).
 *
 * @example
 * const ticket = await dataSource.transaction((tx) => dispatcher.enqueue(tx, [message]));
 * void dispatcher.dispatch(ticket);
 */
export class OutboxDispatcher {
  private readonly graceMs: number;
  private readonly onError: (error: unknown) => void;
  private pendingMarks: number[] = [];
  private marking: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: OutboxPublisher,
    options: OutboxDispatcherOptions = {},
  ) {
    this.graceMs = options.graceMs ?? 2_000;
    this.onError = options.onError ?? (() => undefined);
  }

  /**
   * The messages as a CTE of the caller's one-statement write (see `outboxInsertCte`), reserved
   * for this dispatcher; `ticket` turns the positions the statement returned into a ticket.
   */
  prepare(
    params: StatementParams,
    messages: readonly OutboxMessage[],
    options: { alias: string; guard: string },
  ): { cte: string; ticket(positions: readonly number[]): OutboxTicket } {
    const stamped = messages.map((message) => ({ ...message, envelope: withActiveTraceparent(message.envelope) }));
    return {
      cte: outboxInsertCte(params, stamped, { ...options, dispatchAfterMs: this.graceMs }),
      ticket: (positions) => ({ positions, messages: stamped }),
    };
  }

  /** Writes the messages in the caller's transaction, reserved for this dispatcher for the grace period. */
  async enqueue(tx: EntityManager, messages: readonly OutboxMessage[]): Promise<OutboxTicket> {
    // Stamped as the stored rows are, so the published message continues the same trace.
    const stamped = messages.map((message) => ({ ...message, envelope: withActiveTraceparent(message.envelope) }));
    return { positions: await enqueueOutbox(tx, stamped, { dispatchAfterMs: this.graceMs }), messages: stamped };
  }

  /** Publishes committed messages and marks those the broker confirmed; never throws. */
  async dispatch(ticket: OutboxTicket): Promise<void> {
    if (ticket.messages.length === 0) return;
    const outcomes = await Promise.allSettled(ticket.messages.map((message) => this.publisher.publish(message)));
    const sent = ticket.positions.filter((_position, index) => outcomes[index]?.status === 'fulfilled');
    for (const outcome of outcomes) if (outcome.status === 'rejected') this.onError(outcome.reason);
    if (sent.length === 0) return;
    await this.markSent(sent);
  }

  /**
   * Marks committed messages sent without publishing them: for messages a consumer in this
   * process has already taken (an orchestrator continuing a run with its agent's reply). Until
   * the mark lands, the rows are reserved as after `enqueue`; a row left unmarked is published
   * by a relay after the grace period, and its consumer deduplicates.
   *
   * @example
   * try { await continueRun(reply); await dispatcher.markDelivered(ticket); } catch { await dispatcher.dispatch(ticket); }
   */
  async markDelivered(ticket: OutboxTicket): Promise<void> {
    if (ticket.positions.length === 0) return;
    await this.markSent(ticket.positions);
  }

  /**
   * Marks rows sent in batches: dispatches within a few milliseconds of each other share one
   * UPDATE, so a busy worker pays one statement for many messages.
   */
  private markSent(positions: readonly number[]): Promise<void> {
    this.pendingMarks.push(...positions);
    this.marking ??= new Promise<void>((resolve) => {
      setTimeout(() => {
        const batch = this.pendingMarks.splice(0);
        this.marking = null;
        this.dataSource
          .query(
            'UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE position = ANY($1::bigint[]) AND sent_at IS NULL',
            [batch],
          )
          // The messages are out; a relay publishes any row left unmarked again after the grace period.
          .catch((error: unknown) => this.onError(error))
          .finally(resolve);
      }, MARK_BATCH_WINDOW_MS);
    });
    return this.marking;
  }
}
