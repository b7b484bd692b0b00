import { httpMigrations } from '@baton/http';
import { orchestrationMigrations } from '@baton/orchestration';
import { policyMigrations } from '@baton/policy';
import type { MigrationClass } from '../definition/vertical-definition';

/**
 * Every migration a vertical's schema needs, in the order every role applies them (under the
 * state store's advisory lock, so roles may start in any order): the state store's own come with
 * `openStateStore`; then the platform's (policies, workflow runs and timers, the API's secrets);
 * then the vertical's.
 *
 * @example openStateStore({ url, schema, migrations: verticalMigrations(loan.definition.migrations) })
 */
export function verticalMigrations(own: readonly MigrationClass[] = []): readonly MigrationClass[] {
  return [...policyMigrations, ...orchestrationMigrations, ...httpMigrations, ...own];
}
