import { Client } from 'pg';

/** PostgreSQL's durability settings, printed beside the figures they shape. */
export interface Durability {
  readonly synchronousCommit: string;
  readonly fsync: string;
}

/**
 * Reads `synchronous_commit` and `fsync` from the database the bench writes to.
 *
 * @example const { synchronousCommit, fsync } = await readDurability(db.databaseUrl);
 */
export async function readDurability(databaseUrl: string): Promise<Durability> {
  const probe = new Client({ connectionString: databaseUrl });
  await probe.connect();
  try {
    const synchronousCommit = (await probe.query('SHOW synchronous_commit')).rows[0]?.synchronous_commit as string;
    const fsync = (await probe.query('SHOW fsync')).rows[0]?.fsync as string;
    return { synchronousCommit, fsync };
  } finally {
    await probe.end();
  }
}

/**
 * A process that died mid-run says why only in its own output: the bench prints its tail.
 *
 * @example for (const child of stack.processes) reportOutput('loan', child.output());
 */
export function reportOutput(suite: string, output: string): void {
  process.stderr.write(`bench ${suite}: the last output of a ${suite} process:\n${output.slice(-4_000)}\n`);
}
