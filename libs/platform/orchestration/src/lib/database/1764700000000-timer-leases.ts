import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Timers gain a claim lease: a poller claims due timers in one short statement and fires them
 * with no transaction open, instead of holding row locks (and a transaction, which hides newer
 * events from `readAll` across the cluster) while the runs advance. A claim whose poller died
 * lapses and another poller takes the timer.
 */
export class TimerLeases1764700000000 implements MigrationInterface {
  name = 'TimerLeases1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE workflow_timers ADD COLUMN claimed_until timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE workflow_timers DROP COLUMN claimed_until`);
  }
}
