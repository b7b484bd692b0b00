import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Timers gain a kind (a wake-up, a retry, an attempt's deadline, the run's deadline) and the
 * attempt they belong to, so a retry timer and the next attempt's deadline never collide.
 */
export class TimerKinds1764300000000 implements MigrationInterface {
  name = 'TimerKinds1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE workflow_timers ADD COLUMN attempt integer NOT NULL DEFAULT 1, ADD COLUMN kind text NOT NULL DEFAULT 'wake'`,
    );
    await runner.query(`ALTER TABLE workflow_timers DROP CONSTRAINT workflow_timers_pkey`);
    await runner.query(`ALTER TABLE workflow_timers ADD PRIMARY KEY (run_id, step_id, visit, epoch, attempt, kind)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM workflow_timers WHERE kind <> 'wake'`);
    await runner.query(`ALTER TABLE workflow_timers DROP CONSTRAINT workflow_timers_pkey`);
    await runner.query(`ALTER TABLE workflow_timers ADD PRIMARY KEY (run_id, step_id, visit, epoch)`);
    await runner.query(`ALTER TABLE workflow_timers DROP COLUMN attempt, DROP COLUMN kind`);
  }
}
