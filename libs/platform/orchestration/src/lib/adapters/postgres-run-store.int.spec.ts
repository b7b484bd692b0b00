import type { DataSource } from 'typeorm';
import { AuditKey, openStateStore, PostgresEventStore } from '@baton/state-store';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { describeRunStoreContract } from '../../../fixtures/run-store-contract';
import { orchestrationMigrations } from '../database/orchestration-migrations';
import { PostgresRunStore } from './postgres-run-store';

// Each case gets a schema of its own, so the contract's cases start from an empty store.
const opened = new Map<PostgresRunStore, { db: IsolatedSchema; dataSource: DataSource }>();

describeRunStoreContract(
  'PostgresRunStore (real PostgreSQL)',
  async () => {
    const db = await createIsolatedSchema('postgres run store');
    const dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 4,
      migrations: orchestrationMigrations,
    });
    const store = new PostgresRunStore(dataSource, new PostgresEventStore(dataSource, AuditKey.from('c0'.repeat(32))));
    opened.set(store, { db, dataSource });
    return {
      store,
      outboxSize: async () => Number((await dataSource.query('SELECT count(*)::int AS n FROM outbox'))[0].n),
    };
  },
  async ({ store }) => {
    const resources = opened.get(store as PostgresRunStore);
    await resources?.dataSource.destroy();
    await resources?.db.drop();
  },
);
