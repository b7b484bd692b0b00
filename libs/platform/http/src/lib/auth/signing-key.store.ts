import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** The row name of the API token signing key. */
export const API_TOKEN_SIGNING_KEY = 'api-token-signing-key';

/**
 * Keeps generated secrets in `baton_secrets` (see `httpMigrations`), in the data source's schema.
 * A missing key is created from 32 random bytes (base64url); when several processes start at
 * once, the first insert wins and all of them read that one.
 *
 * @example
 * const secret = await new SigningKeyStore(dataSource).getOrCreate();
 * const tokens = new TokenService(secret);
 */
export class SigningKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async getOrCreate(name: string = API_TOKEN_SIGNING_KEY): Promise<string> {
    const candidate = randomBytes(32).toString('base64url');
    // Two statements on purpose: ON CONFLICT waits for a concurrent inserter to commit, and only a
    // new statement's snapshot (READ COMMITTED) sees that row; one CTE statement would not.
    await this.dataSource.query(
      `INSERT INTO baton_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [name, candidate],
    );
    const rows: Array<{ value: string }> = await this.dataSource.query(
      `SELECT value FROM baton_secrets WHERE name = $1`,
      [name],
    );
    const value = rows[0]?.value;
    if (value === undefined) throw new Error(`baton_secrets has no row "${name}" right after inserting it`);
    return value;
  }
}
