import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { testEnv, uniqueSuiteName } from '@baton/testing';
import { openStateStore, stateStoreMigrations } from './state-store-data-source';

describe('openStateStore: several processes starting at once (real PostgreSQL)', () => {
  const schema = uniqueSuiteName('concurrent start');
  const opened: DataSource[] = [];

  afterAll(async () => {
    await Promise.all(opened.map((dataSource) => dataSource.destroy()));
    const client = new Client({ connectionString: testEnv.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('creates the schema and applies each migration exactly once', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => openStateStore({ url: testEnv.databaseUrl, schema, poolSize: 1 })),
    );
    opened.push(...results);
    const [first] = results as [DataSource];
    const applied: Array<{ name: string }> = await first.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((row) => row.name)).toEqual(stateStoreMigrations.map((migration) => migration.name));
    const tables: Array<{ table_name: string }> = await first.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema],
    );
    expect(tables.map((row) => row.table_name)).toEqual([
      'events',
      'idempotency_keys',
      'inbox',
      'migrations',
      'outbox',
      'snapshots',
      'stream_heads',
      'subject_keys',
    ]);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openStateStore({ url: testEnv.databaseUrl, schema: 'bad"; DROP TABLE x; --' })).rejects.toThrow(
      /lowercase PostgreSQL identifier/,
    );
  });
});
