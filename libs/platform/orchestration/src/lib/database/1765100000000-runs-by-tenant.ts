import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant's open runs of one workflow, newest change first, without a scan: an API's list
 * routes (a department's board) ask exactly this, `RunQuery.tenantId` with a workflow and status.
 */
export class RunsByTenant1765100000000 implements MigrationInterface {
  name = 'RunsByTenant1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX workflow_runs_tenant ON workflow_runs (tenant_id, workflow_id, status, updated_at DESC)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS workflow_runs_tenant');
  }
}
