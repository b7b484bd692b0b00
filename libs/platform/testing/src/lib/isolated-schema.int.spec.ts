import { Client } from 'pg';
import { createIsolatedSchema, IsolatedSchema } from './isolated-schema';
import { testEnv } from './test-env';

describe('createIsolatedSchema (real PostgreSQL)', () => {
  let a: IsolatedSchema;
  let b: IsolatedSchema;

  beforeAll(async () => {
    [a, b] = await Promise.all([createIsolatedSchema('isolation a'), createIsolatedSchema('isolation b')]);
  });

  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it('pins search_path to the suite schema on every pooled connection', async () => {
    const clients = await Promise.all([a.pool.connect(), a.pool.connect(), a.pool.connect()]);
    try {
      for (const client of clients) {
        expect((await client.query('SELECT current_schema() AS s')).rows[0].s).toBe(a.schema);
      }
    } finally {
      clients.forEach((client) => client.release());
    }
  });

  it('keeps two suites apart: same table name, separate rows', async () => {
    await a.pool.query('CREATE TABLE items (name text)');
    await b.pool.query('CREATE TABLE items (name text)');
    await a.pool.query("INSERT INTO items VALUES ('from a')");
    expect((await b.pool.query('SELECT count(*)::int AS n FROM items')).rows[0].n).toBe(0);
    expect((await a.pool.query('SELECT name FROM items')).rows).toEqual([{ name: 'from a' }]);
  });

  it('drops the schema and everything in it', async () => {
    const doomed = await createIsolatedSchema('isolation doomed');
    await doomed.pool.query('CREATE TABLE t (x int)');
    await doomed.drop();
    const client = new Client({ connectionString: testEnv.databaseUrl });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [
        doomed.schema,
      ]);
      expect(found.rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
