import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The state store's tables. Unqualified names: every connection's search_path is pinned to the
 * store's schema, so one migration serves any schema.
 */
export class CreateStateStore1764000000000 implements MigrationInterface {
  name = 'CreateStateStore1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE events (
        position        bigserial PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text NOT NULL,
        version         bigint NOT NULL CHECK (version > 0),
        event_id        uuid NOT NULL UNIQUE,
        type            text NOT NULL,
        schema_version  integer NOT NULL,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        prev_hash       char(64) NOT NULL,
        hash            char(64) NOT NULL,
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, version)
      )`);
    // readAll orders by (transaction_id, position) below the snapshot's xmin.
    await runner.query(`CREATE INDEX events_transaction_position ON events (transaction_id, position)`);
    await runner.query(`
      CREATE TABLE stream_heads (
        stream_id   text PRIMARY KEY,
        version     bigint NOT NULL CHECK (version > 0),
        last_hash   char(64) NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE snapshots (
        stream_id      text PRIMARY KEY,
        version        bigint NOT NULL,
        state          jsonb NOT NULL,
        state_version  integer NOT NULL,
        taken_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE outbox (
        position     bigserial PRIMARY KEY,
        message_id   uuid NOT NULL UNIQUE,
        exchange     text NOT NULL,
        routing_key  text NOT NULL,
        envelope     jsonb NOT NULL,
        headers      jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        sent_at      timestamptz,
        attempts     integer NOT NULL DEFAULT 0,
        last_error   text
      )`);
    await runner.query(`CREATE INDEX outbox_unsent ON outbox (position) WHERE sent_at IS NULL`);
    // Wakes relays on commit; the channel names the schema because NOTIFY is database-wide.
    await runner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('baton_outbox_' || TG_TABLE_SCHEMA, '');
        RETURN NULL;
      END $$`);
    await runner.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
    await runner.query(`
      CREATE TABLE inbox (
        consumer      text NOT NULL,
        message_id    text NOT NULL,
        processed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
    await runner.query(`
      CREATE TABLE idempotency_keys (
        tenant_id        text NOT NULL,
        route            text NOT NULL,
        key              text NOT NULL,
        request_hash     char(64) NOT NULL,
        state            text NOT NULL CHECK (state IN ('in_progress', 'completed')),
        response_status  integer,
        response_body    jsonb,
        locked_until     timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        expires_at       timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, route, key)
      )`);
    await runner.query(`CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'inbox', 'outbox', 'snapshots', 'stream_heads', 'events']) {
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await runner.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
  }
}
