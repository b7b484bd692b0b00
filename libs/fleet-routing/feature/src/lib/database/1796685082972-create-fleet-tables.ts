import { MigrationInterface, QueryRunner } from 'typeorm';

/** The lookup ledger (`SqlLookupLedger`): requests per idempotency key. */
export class CreateFleetTables1796685082972 implements MigrationInterface {
  name = 'CreateFleetTables1796685082972';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE fleet_lookups (
        idempotency_key text PRIMARY KEY,
        case_id         text NOT NULL,
        requests        integer NOT NULL DEFAULT 1,
        looked_up_at    timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS fleet_lookups');
  }
}

export const fleetMigrations = [CreateFleetTables1796685082972];
