import { Client } from 'pg';
import { ensureDatabase } from '@baton/testing';

/**
 * Drops a demo's schema (creating the database first if needed), so each run starts empty; the
 * stack's migrations create it again.
 *
 * @example await resetSchema(process.env.DATABASE_URL, 'triage_demo');
 */
export async function resetSchema(databaseUrl: string, schema: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
