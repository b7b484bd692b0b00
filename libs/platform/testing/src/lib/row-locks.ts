import type { Pool } from 'pg';

/**
 * Whether another session could lock the rows `select` finds right now, without waiting: true
 * unless some open transaction holds them. For tests that prove a worker keeps no transaction
 * (and no row lock) open while it does slow work. `select` is a `SELECT ... FROM <table> WHERE
 * ...` to which `FOR UPDATE NOWAIT` is appended; the probe's transaction is rolled back.
 *
 * @example expect(await rowsLockableNow(db.pool, 'SELECT 1 FROM outbox WHERE message_id = $1', [id])).toBe(true);
 */
export async function rowsLockableNow(pool: Pool, select: string, params: readonly unknown[] = []): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`${select} FOR UPDATE NOWAIT`, [...params]);
    return true;
  } catch (error) {
    // 55P03 lock_not_available: a transaction holds a row. Anything else is a broken probe.
    if ((error as { code?: string }).code === '55P03') return false;
    throw error;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}
