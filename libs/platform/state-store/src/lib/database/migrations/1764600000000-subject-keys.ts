import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One AES-256-GCM data key per data subject, for the personal fields of events
 * (`SubjectKeyring`). The keys have a table of their own so that erasing a subject is one
 * UPDATE: `key` becomes NULL, `erased_at` remembers it, and the events' ciphertext, which the
 * audit chain hashes, stays as it is. Production deployments wrap these keys with a KMS
 * key-encryption key.
 */
export class SubjectKeys1764600000000 implements MigrationInterface {
  name = 'SubjectKeys1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE subject_keys (
        subject_id  text PRIMARY KEY,
        key         bytea NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        erased_at   timestamptz NULL,
        CONSTRAINT subject_keys_erased_has_no_key CHECK (erased_at IS NULL OR key IS NULL)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS subject_keys`);
  }
}
