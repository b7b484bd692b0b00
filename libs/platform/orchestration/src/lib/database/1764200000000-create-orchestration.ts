import { MigrationInterface, QueryRunner } from 'typeorm';

/** The run projection (queries by status, workflow and time) and durable timers. */
export class CreateOrchestration1764200000000 implements MigrationInterface {
  name = 'CreateOrchestration1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE workflow_runs (
        run_id        text PRIMARY KEY,
        workflow_id   text NOT NULL,
        version       integer NOT NULL,
        tenant_id     text NOT NULL,
        status        text NOT NULL,
        current_step  text,
        stream_version bigint NOT NULL,
        started_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX workflow_runs_query ON workflow_runs (status, workflow_id, updated_at)`);
    await runner.query(`
      CREATE TABLE workflow_timers (
        run_id    text NOT NULL,
        step_id   text NOT NULL,
        visit     integer NOT NULL,
        epoch     integer NOT NULL,
        due_at    timestamptz NOT NULL,
        fired_at  timestamptz,
        PRIMARY KEY (run_id, step_id, visit, epoch)
      )`);
    await runner.query(`CREATE INDEX workflow_timers_due ON workflow_timers (due_at) WHERE fired_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS workflow_timers');
    await runner.query('DROP TABLE IF EXISTS workflow_runs');
  }
}
