import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows may be published by the process that committed them, right after the commit
 * (`OutboxDispatcher`); `dispatch_after` keeps relays off such rows for a grace period, and the
 * NOTIFY trigger wakes relays only for rows they may take now.
 */
export class OutboxDispatchAfter1764400000000 implements MigrationInterface {
  name = 'OutboxDispatchAfter1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE outbox ADD COLUMN dispatch_after timestamptz`);
    await runner.query(`DROP TRIGGER outbox_notify ON outbox`);
    await runner.query(`
      CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM inserted WHERE dispatch_after IS NULL) THEN
          PERFORM pg_notify('baton_outbox_' || TG_TABLE_SCHEMA, '');
        END IF;
        RETURN NULL;
      END $$`);
    await runner.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER outbox_notify ON outbox`);
    await runner.query(`
      CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('baton_outbox_' || TG_TABLE_SCHEMA, '');
        RETURN NULL;
      END $$`);
    await runner.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
    await runner.query(`ALTER TABLE outbox DROP COLUMN dispatch_after`);
  }
}
