import type { DataSource } from 'typeorm';
import { AuditKey, PostgresEventStore, verifyStream } from '@baton/state-store';
import { EventStoreDecisionLog, EventStoreDecisionLogOptions } from './event-store-decision-log';

/**
 * The decision log on PostgreSQL: events hash-chained with the audit key, and every stream's
 * chain verified when decisions are read back (replay skips a decision whose chain fails).
 *
 * @example const decisions = postgresDecisionLog(dataSource, loadAuditKey(process.env));
 */
export function postgresDecisionLog(
  dataSource: DataSource,
  key: AuditKey,
  options: Omit<EventStoreDecisionLogOptions, 'verifyStream'> = {},
): EventStoreDecisionLog {
  return new EventStoreDecisionLog(new PostgresEventStore(dataSource, key), {
    ...options,
    verifyStream: async (streamId) => (await verifyStream(dataSource, key, streamId)).verified,
  });
}
