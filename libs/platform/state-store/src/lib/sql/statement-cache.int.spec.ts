import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { createStateStoreDataSource, StateStoreDatabaseOptions } from '../database/state-store-data-source';
import { StatementCache } from './statement-cache';

describe('prepared statements for recurring statements (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  const open: DataSource[] = [];

  beforeAll(async () => {
    db = await createIsolatedSchema('statement cache');
  });
  afterAll(async () => {
    for (const dataSource of open) await dataSource.destroy();
    await db?.drop();
  });

  /** One connection, so every query lands on the session whose prepared statements it lists. */
  async function oneConnection(options: Partial<StateStoreDatabaseOptions> = {}): Promise<DataSource> {
    const dataSource = createStateStoreDataSource({ url: db.databaseUrl, schema: db.schema, poolSize: 1, ...options });
    await dataSource.initialize();
    open.push(dataSource);
    return dataSource;
  }
  const prepared = async (dataSource: DataSource): Promise<string[]> =>
    (await dataSource.query('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).map(
      (row: { statement: string }) => row.statement,
    );

  it('prepares a parameterized statement once it recurs, and it keeps answering correctly', async () => {
    const dataSource = await oneConnection();
    const text = 'SELECT $1::int + $2::int AS sum';
    expect(await dataSource.query(text, [1, 2])).toEqual([{ sum: 3 }]);
    expect(await prepared(dataSource)).not.toContain(text);
    expect(await dataSource.query(text, [2, 3])).toEqual([{ sum: 5 }]);
    expect(await dataSource.query(text, [40, 2])).toEqual([{ sum: 42 }]);
    expect(await prepared(dataSource)).toEqual([text]);
  });

  it('works inside a transaction, where a failed statement still rolls everything back', async () => {
    const dataSource = await oneConnection();
    await dataSource.query('CREATE TABLE IF NOT EXISTS cache_probe (n int PRIMARY KEY)');
    const insert = 'INSERT INTO cache_probe (n) VALUES ($1)';
    await dataSource.query(insert, [1]);
    await dataSource.query(insert, [2]);
    await expect(
      dataSource.transaction(async (tx) => {
        await tx.query(insert, [3]);
        await tx.query(insert, [1]);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect((await dataSource.query('SELECT n FROM cache_probe ORDER BY n')).map((row: { n: number }) => row.n)).toEqual(
      [1, 2],
    );
    expect(await prepared(dataSource)).toContain(insert);
  });

  it('prepares nothing when turned off', async () => {
    const dataSource = await oneConnection({ preparedStatements: false });
    for (let i = 0; i < 3; i++) await dataSource.query('SELECT $1::text AS echo', ['x']);
    expect(await prepared(dataSource)).toEqual([]);
  });

  it('names at most its capacity of statements, and runs the rest unnamed', () => {
    const cache = new StatementCache({ capacity: 2, after: 2 });
    const texts = ['SELECT $1', 'SELECT $1, $2', 'SELECT $1, $2, $3'];
    for (const text of texts) expect(cache.nameFor(text)).toBeNull();
    expect(texts.map((text) => cache.nameFor(text))).toEqual(['baton_1', 'baton_2', null]);
    expect(cache.nameFor('SELECT $1')).toBe('baton_1');
    expect(cache.size).toBe(2);
  });
});
