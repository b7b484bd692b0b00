import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { openStateStore } from '@baton/state-store';
import { httpMigrations } from './http-migrations';
import { API_TOKEN_SIGNING_KEY, SigningKeyStore } from './signing-key.store';

describe('SigningKeyStore (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let first: DataSource;
  let second: DataSource;

  beforeAll(async () => {
    db = await createIsolatedSchema('signing key store');
    const open = () =>
      openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 4, migrations: [...httpMigrations] });
    [first, second] = await Promise.all([open(), open()]);
  });
  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
    await db?.drop();
  });

  it('generates a 32-byte base64url key once and returns it on every later call', async () => {
    const store = new SigningKeyStore(first);
    const key = await store.getOrCreate();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    await expect(store.getOrCreate()).resolves.toBe(key);
    await expect(new SigningKeyStore(second).getOrCreate(API_TOKEN_SIGNING_KEY)).resolves.toBe(key);
    const rows = await db.pool.query(`SELECT name, value, created_at FROM baton_secrets`);
    expect(rows.rows).toEqual([{ name: API_TOKEN_SIGNING_KEY, value: key, created_at: expect.any(Date) }]);
  });

  it('agrees on one key when two processes (data sources) create it at the same moment', async () => {
    const names = Array.from({ length: 20 }, (_, index) => `race-${index}`);
    const results = await Promise.all(
      names.map((name) =>
        Promise.all([new SigningKeyStore(first).getOrCreate(name), new SigningKeyStore(second).getOrCreate(name)]),
      ),
    );
    for (const [a, b] of results) expect(a).toBe(b);
    expect(new Set(results.map(([a]) => a)).size).toBe(names.length);
  });
});
