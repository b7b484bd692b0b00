import type { DataSource } from 'typeorm';
import type { AuditKey } from '@baton/state-store';
import type { DecisionLog } from '../audit/decision-log.port';
import { postgresDecisionLog } from '../audit/postgres-decision-log';
import type { EventStoreDecisionLogOptions } from '../audit/event-store-decision-log';
import type { PolicyStore } from '../store/policy-store.port';
import { PostgresPolicyStore } from '../store/postgres/postgres-policy-store';

/**
 * The product wiring: versions in `policy_versions`, decisions in the hash-chained event store.
 * The data source must include `policyEntities` and `policyMigrations`.
 *
 * @example const engine = new PolicyEngine(postgresPolicyStorage(dataSource, loadAuditKey(process.env)));
 */
export function postgresPolicyStorage(
  dataSource: DataSource,
  key: AuditKey,
  options: Omit<EventStoreDecisionLogOptions, 'verifyStream'> = {},
): { readonly store: PolicyStore; readonly decisions: DecisionLog } {
  return { store: new PostgresPolicyStore(dataSource), decisions: postgresDecisionLog(dataSource, key, options) };
}
