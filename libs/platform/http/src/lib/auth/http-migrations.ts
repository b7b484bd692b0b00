import type { MigrationInterface } from 'typeorm';
import { CreateBatonSecrets1764610000000 } from './migrations/1764610000000-create-baton-secrets';

/**
 * The HTTP platform's migrations (the `baton_secrets` table), listed explicitly: pass them to
 * `openStateStore({ migrations: [...httpMigrations] })` from `@baton/state-store`.
 */
export const httpMigrations: ReadonlyArray<new () => MigrationInterface> = [CreateBatonSecrets1764610000000];
