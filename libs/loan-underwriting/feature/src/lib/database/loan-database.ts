import { httpMigrations } from '@baton/http';
import { orchestrationMigrations } from '@baton/orchestration';
import { policyMigrations } from '@baton/policy';
import { loanMigrations } from './1764500000000-create-loan-tables';

/**
 * Every migration the vertical's schema needs, in every role: the state store's own come with
 * `openStateStore`; then policies, workflow runs, the bureau's books and the API's secrets. Any
 * role applies them all at start-up (under the state store's advisory lock), so roles may start
 * in any order.
 */
export const loanDatabaseMigrations = [
  ...policyMigrations,
  ...orchestrationMigrations,
  ...loanMigrations,
  ...httpMigrations,
];
