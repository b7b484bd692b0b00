import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The policy engine's tables. Unqualified names: every connection's search_path is pinned to
 * the store's schema, so one migration serves any schema.
 *
 * @example openStateStore({ url, schema, migrations: [CreatePolicyVersions1764100000000] });
 */
export class CreatePolicyVersions1764100000000 implements MigrationInterface {
  name = 'CreatePolicyVersions1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE policy_versions (
        policy_id      text NOT NULL,
        version        text NOT NULL,
        document       jsonb NOT NULL,
        document_hash  char(64) NOT NULL,
        status         text NOT NULL DEFAULT 'inactive' CHECK (status IN ('inactive', 'active')),
        created_at     timestamptz NOT NULL DEFAULT now(),
        activated_at   timestamptz,
        CONSTRAINT policy_versions_pkey PRIMARY KEY (policy_id, version)
      )`);
    // The database, not only the code, holds one active version per policy.
    await runner.query(
      `CREATE UNIQUE INDEX policy_versions_one_active ON policy_versions (policy_id) WHERE status = 'active'`,
    );
    await runner.query(`
      CREATE TABLE policy_generation (
        singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        generation  bigint NOT NULL
      )`);
    await runner.query(`INSERT INTO policy_generation (singleton, generation) VALUES (true, 0)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS policy_generation`);
    await runner.query(`DROP TABLE IF EXISTS policy_versions`);
  }
}
