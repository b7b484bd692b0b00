import { DataSource, EntityManager } from 'typeorm';

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
  async handleOnce<T>(consumer: string, messageId: string, effect: (manager: EntityManager) => Promise<T>): Promise<InboxOutcome<T>> {
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
   * Deletes inbox rows processed before `cutoff` and returns how many. Keep them for longer
   * than the broker can redeliver (retries, dead-letter replays), or a late copy applies again.
   *
   * @example await inbox.purgeOlderThan(new Date(Date.now() - 7 * 24 * 3600_000));
   */
  async purgeOlderThan(cutoff: Date): Promise<number> {
    // TypeORM returns [rows, rowCount] for DELETE.
    const [, deleted]: [unknown[], number] = await this.dataSource.query('DELETE FROM inbox WHERE processed_at < $1', [cutoff]);
    return deleted;
  }
}
