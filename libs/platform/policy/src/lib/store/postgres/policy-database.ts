import { PolicyGenerationEntity } from './policy-generation.entity';
import { PolicyVersionEntity } from './policy-version.entity';
import { CreatePolicyVersions1764100000000 } from './migrations/1764100000000-create-policy-versions';

/**
 * The policy engine's entities and migrations, listed explicitly (globs break in bundled builds),
 * for `openStateStore({ ..., entities: policyEntities, migrations: policyMigrations })`.
 *
 * @example const dataSource = await openStateStore({ url, schema: 'loan', entities: policyEntities, migrations: policyMigrations });
 */
export const policyEntities = [PolicyVersionEntity, PolicyGenerationEntity];
/** See {@link policyEntities}. @example openStateStore({ url, schema, migrations: policyMigrations }) */
export const policyMigrations = [CreatePolicyVersions1764100000000];
