import { DataSource, EntityManager } from 'typeorm';
import { outboxStatementPart, type OutboxDispatcher, type OutboxTicket } from '../outbox/outbox-dispatcher';
import type { OutboxMessage } from '../outbox/outbox-message';
import { StatementParams } from '../sql/statement-params';

/** What {@link InboxGuard.handleOnce} did: nothing for a redelivery, else the effect's result. */
export type InboxOutcome<T> = { readonly duplicate: true } | { readonly duplicate: false; readonly value: T };

/**
 * Applies each message at most once per consumer, on top of the broker's at-least-once
 * delivery. The inbox row and the effect share one transaction: either both commit, or
 * neither does and a redelivery tries again.
 *
 * @example
 * const inbox = new InboxGuard(dataSource);
 * const outcome = await inbox.handleOnce('loan-scorer', envelope.id, (tx) => events.append(id, 1, [scored], tx));
 * channel.ack(message); // also for outcome.duplicate: the effect is already committed
 */
export class InboxGuard {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records `messageId` for `consumer` and runs `effect` with the same transaction's manager.
   * A concurrent delivery of the same message waits on the first one's uncommitted inbox row
   * (PostgreSQL's unique check), then sees it as a duplicate, or applies it itself if the
   * first rolled back. The effect must do its writes through `manager` to be covered.
   *
   * @example
   * const outcome = await inbox.handleOnce('billing', messageId, (tx) => tx.query('INSERT INTO invoices ...'));
   * if (outcome.duplicate) logger.debug('redelivered, already applied');
   */
  async handleOnce<T>(
    consumer: string,
    messageId: string,
    effect: (manager: EntityManager) => Promise<T>,
  ): Promise<InboxOutcome<T>> {
    return this.dataSource.transaction(async (manager): Promise<InboxOutcome<T>> => {
      const inserted: Array<{ message_id: string }> = await manager.query(
        'INSERT INTO inbox (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING message_id',
        [consumer, messageId],
      );
      if (inserted.length === 0) return { duplicate: true };
      return { duplicate: false, value: await effect(manager) };
    });
  }

  /**
   * For an effect that writes nothing but messages (an agent that calls an outside system and
   * replies): a read skips a message already recorded, then `effect` runs with no transaction
   * open, then its inbox row and its outbox messages commit in one statement, so the message
   * costs two statements instead of BEGIN, inbox, outbox and COMMIT. If a concurrent delivery
   * of the same message recorded it first, nothing is written and the outcome is a duplicate
   * (the effect ran twice in that rare case: it must be idempotent by the message's key, as any
   * call to an outside system already is). With a `dispatcher`, the rows are reserved for it
   * and the ticket is for `dispatcher.dispatch` after the statement; without one, relays
   * publish them.
   *
   * @example
   * const outcome = await inbox.replyOnce('loan.kyc', envelope.id, async () => [toOutboxMessage(await check(envelope), route)], dispatcher);
   * if (!outcome.duplicate) await dispatcher.dispatch(outcome.value);
   */
  async replyOnce(
    consumer: string,
    messageId: string,
    effect: () => Promise<readonly OutboxMessage[]>,
    dispatcher?: Pick<OutboxDispatcher, 'prepare'>,
  ): Promise<InboxOutcome<OutboxTicket>> {
    if (await this.seen(consumer, messageId)) return { duplicate: true };
    const messages = await effect();
    const params = new StatementParams();
    const inbox = `baton_inbox AS (INSERT INTO inbox (consumer, message_id) VALUES (${params.add(consumer, 'text')}, ${params.add(messageId, 'text')}) ON CONFLICT DO NOTHING RETURNING message_id)`;
    const options = { alias: 'baton_outbox', guard: 'baton_inbox' };
    const outbox = messages.length === 0 ? null : outboxStatementPart(params, messages, options, dispatcher);
    const rows: Array<{ recorded: number; positions: string[] | null }> = await this.dataSource.query(
      `WITH ${[inbox, ...(outbox ? [outbox.cte] : [])].join(', ')}
       SELECT (SELECT count(*) FROM baton_inbox)::int AS recorded, ${outbox ? '(SELECT array_agg(position) FROM baton_outbox)' : 'NULL::bigint[]'} AS positions`,
      params.values,
    );
    if ((rows[0]?.recorded ?? 0) === 0) return { duplicate: true };
    const positions = (rows[0]?.positions ?? []).map(Number);
    return { duplicate: false, value: outbox ? outbox.ticket(positions) : { positions: [], messages: [] } };
  }

  /**
   * Whether `consumer` has already recorded `messageId` (a plain read: no lock, no transaction).
   *
   * @example if (await inbox.seen('loan.kyc', envelope.id)) return ConsumerStatus.ACK;
   */
  async seen(consumer: string, messageId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM inbox WHERE consumer = $1 AND message_id = $2', [
      consumer,
      messageId,
    ]);
    return rows.length > 0;
  }

  /**
   * Deletes inbox rows processed before `cutoff` and returns how many. Keep them for longer
   * than the broker can redeliver (retries, dead-letter replays), or a late copy applies again.
   *
   * @example await inbox.purgeOlderThan(new Date(Date.now() - 7 * 24 * 3600_000));
   */
  async purgeOlderThan(cutoff: Date): Promise<number> {
    // TypeORM returns [rows, rowCount] for DELETE.
    const [, deleted]: [unknown[], number] = await this.dataSource.query('DELETE FROM inbox WHERE processed_at < $1', [
      cutoff,
    ]);
    return deleted;
  }
}
