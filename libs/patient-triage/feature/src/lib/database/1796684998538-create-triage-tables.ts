import { MigrationInterface, QueryRunner } from 'typeorm';

/** The lookup ledger (`SqlLookupLedger`): requests per idempotency key. */
export class CreateTriageTables1796684998538 implements MigrationInterface {
  name = 'CreateTriageTables1796684998538';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE triage_lookups (
        idempotency_key text PRIMARY KEY,
        case_id         text NOT NULL,
        requests        integer NOT NULL DEFAULT 1,
        looked_up_at    timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS triage_lookups');
  }
}

export const triageMigrations = [CreateTriageTables1796684998538];
