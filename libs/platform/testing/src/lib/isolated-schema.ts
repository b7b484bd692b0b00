import { Client, Pool, PoolConfig } from 'pg';
import { testEnv } from './test-env';
import { uniqueSuiteName } from './suite-name';

/** One suite's private PostgreSQL schema, and a small pool whose every connection uses it. */
export interface IsolatedSchema {
  readonly schema: string;
  /** The database URL (without schema); pair it with `schema` or {@link IsolatedSchema.poolConfig}. */
  readonly databaseUrl: string;
  readonly pool: Pool;
  /**
   * Pool settings that pin `search_path` to the schema on every connection, for libraries that
   * build their own pools (TypeORM's `extra`, for one). TypeORM's `schema` option alone does not
   * set `search_path` for raw queries.
   */
  poolConfig(overrides?: PoolConfig): PoolConfig;
  /** Drops the schema with everything in it and ends the pool. */
  drop(): Promise<void>;
}

/**
 * Creates a schema of its own for one suite (creating the test database first if needed).
 * Pools stay small: PostgreSQL here allows 100 connections for every suite together.
 *
 * @example
 * let db: IsolatedSchema;
 * beforeAll(async () => { db = await createIsolatedSchema('event store'); });
 * afterAll(() => db.drop());
 */
export async function createIsolatedSchema(suite: string, databaseUrl = testEnv.databaseUrl): Promise<IsolatedSchema> {
  await ensureDatabase(databaseUrl);
  const schema = uniqueSuiteName(suite);
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await admin.end();
  }
  const poolConfig = (overrides: PoolConfig = {}): PoolConfig => ({
    connectionString: databaseUrl,
    max: 4,
    ...overrides,
    options: `-c search_path="${schema}"`,
  });
  const pool = new Pool(poolConfig());
  // An idle client that loses its connection (a fault test cutting it) must not crash the suite.
  pool.on('error', () => undefined);
  return {
    schema,
    databaseUrl,
    pool,
    poolConfig,
    async drop() {
      await pool.end();
      const cleaner = new Client({ connectionString: databaseUrl });
      await cleaner.connect();
      try {
        await cleaner.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await cleaner.end();
      }
    },
  };
}

/** Creates the database named in the URL if it does not exist; safe under concurrent callers. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        // 42P04 duplicate_database, 23505 unique_violation: another suite created it first.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await admin.end();
  }
}
