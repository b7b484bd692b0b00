import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EventEntity } from './entities/event.entity';
import { StreamHeadEntity } from './entities/stream-head.entity';
import { SnapshotEntity } from './entities/snapshot.entity';
import { OutboxEntity } from './entities/outbox.entity';
import { InboxEntity } from './entities/inbox.entity';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { CreateStateStore1764000000000 } from './migrations/1764000000000-create-state-store';
import { OutboxDispatchAfter1764400000000 } from './migrations/1764400000000-outbox-dispatch-after';
import { SubjectKeys1764600000000 } from './migrations/1764600000000-subject-keys';
import { preparingClient, StatementCache, StatementCacheOptions } from '../sql/statement-cache';

/** Listed explicitly: globs break in bundled builds. */
export const stateStoreEntities = [
  EventEntity,
  StreamHeadEntity,
  SnapshotEntity,
  OutboxEntity,
  InboxEntity,
  IdempotencyKeyEntity,
];
export const stateStoreMigrations = [
  CreateStateStore1764000000000,
  OutboxDispatchAfter1764400000000,
  SubjectKeys1764600000000,
];

export interface StateStoreDatabaseOptions {
  /** postgres://user@host:port/database */
  readonly url: string;
  /** The schema the store's tables live in (created if missing). */
  readonly schema: string;
  /** Connections in this process's pool; PostgreSQL allows 100 for everything together. */
  readonly poolSize?: number;
  /** Extra entities and migrations of the calling library or app. */
  readonly entities?: readonly (new () => unknown)[];
  readonly migrations?: readonly (new () => unknown)[];
  /**
   * Give up on a connection attempt, or a query, after this long instead of waiting forever on
   * a network that has gone silent. Connect defaults to 10 s; queries have no limit by default.
   */
  readonly timeouts?: { readonly connectMs?: number; readonly queryMs?: number };
  /**
   * Recurring parameterized statements run as named prepared statements on each pooled
   * connection (see `StatementCache`); on by default, `false` turns it off.
   */
  readonly preparedStatements?: false | StatementCacheOptions;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A TypeORM data source for the state store, with `search_path` pinned to the schema on every
 * pooled connection (TypeORM's `schema` option alone does not cover raw queries). Never
 * `synchronize`: the schema changes only through migrations.
 */
export function createStateStoreDataSource(options: StateStoreDatabaseOptions): DataSource {
  assertSchemaName(options.schema);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: [...stateStoreEntities, ...(options.entities ?? [])],
    migrations: [...stateStoreMigrations, ...(options.migrations ?? [])],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      options: `-c search_path=${options.schema}`,
      connectionTimeoutMillis: options.timeouts?.connectMs ?? 10_000,
      ...(options.timeouts?.queryMs ? { query_timeout: options.timeouts.queryMs } : {}),
      ...(options.preparedStatements === false
        ? {}
        : { Client: preparingClient(new StatementCache(options.preparedStatements)) }),
    },
  });
}

/** Key of the advisory lock that serialises start-up work across processes. */
const STARTUP_LOCK = 0x62617430; // 'bat0'

/**
 * Creates the database and schema if missing and applies pending migrations, under a
 * PostgreSQL advisory lock, so several processes starting at once do it exactly once.
 * Returns an initialised data source.
 *
 * @example
 * const dataSource = await openStateStore({ url: config.DATABASE_URL, schema: 'loan' });
 */
export async function openStateStore(options: StateStoreDatabaseOptions): Promise<DataSource> {
  assertSchemaName(options.schema);
  await ensureDatabase(options.url);
  const lock = new Client({ connectionString: options.url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    const dataSource = createStateStoreDataSource(options);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'all' });
    return dataSource;
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

/** Creates the database named in the URL when it does not exist; safe under concurrent callers. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`schema "${schema}" must be a lowercase PostgreSQL identifier (letters, digits, underscores)`);
  }
}
