import { createIsolatedSchema, IsolatedSchema } from './isolated-schema';
import { rowsLockableNow } from './row-locks';

describe('rowsLockableNow (real PostgreSQL)', () => {
  let db: IsolatedSchema;

  beforeAll(async () => {
    db = await createIsolatedSchema('row locks');
    await db.pool.query('CREATE TABLE probe (id int PRIMARY KEY)');
    await db.pool.query('INSERT INTO probe VALUES (1), (2)');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('says a row held by an open transaction is not lockable, and a free one is', async () => {
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM probe WHERE id = 1 FOR UPDATE');
      expect(await rowsLockableNow(db.pool, 'SELECT 1 FROM probe WHERE id = $1', [1])).toBe(false);
      expect(await rowsLockableNow(db.pool, 'SELECT 1 FROM probe WHERE id = $1', [2])).toBe(true);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    expect(await rowsLockableNow(db.pool, 'SELECT 1 FROM probe WHERE id = $1', [1])).toBe(true);
  });

  it('throws on a broken probe rather than calling it locked', async () => {
    await expect(rowsLockableNow(db.pool, 'SELECT 1 FROM no_such_table')).rejects.toThrow(/no_such_table/);
  });
});
