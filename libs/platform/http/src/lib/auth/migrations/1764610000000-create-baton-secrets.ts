import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `baton_secrets`: keys Baton generates for itself (the API token signing key), one row per name.
 * Values are written once and never updated, so concurrent first starts agree on one.
 */
export class CreateBatonSecrets1764610000000 implements MigrationInterface {
  name = 'CreateBatonSecrets1764610000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE baton_secrets (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE baton_secrets`);
  }
}
