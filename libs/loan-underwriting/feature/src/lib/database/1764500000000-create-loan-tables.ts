import { MigrationInterface, QueryRunner } from 'typeorm';

/** The simulated bureau's books (requests and billable pulls per idempotency key). */
export class CreateLoanTables1764500000000 implements MigrationInterface {
  name = 'CreateLoanTables1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE loan_bureau_pulls (
        idempotency_key text PRIMARY KEY,
        application_id  text NOT NULL,
        requests        integer NOT NULL DEFAULT 1,
        pulled_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX loan_bureau_pulls_application ON loan_bureau_pulls (application_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS loan_bureau_pulls');
  }
}

export const loanMigrations = [CreateLoanTables1764500000000];
