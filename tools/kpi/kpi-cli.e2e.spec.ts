import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { AuditKey, NewEvent, openStateStore, PostgresEventStore } from '@baton/state-store';
import { repoRoot, listedVerticals } from '../workspace/workspace-paths';

const event = (type: string, data: unknown, occurredAt: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  occurredAt,
});

describe('npm run kpi (built CLI, real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createIsolatedSchema('kpi cli');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 2 });
    const store = new PostgresEventStore(dataSource, AuditKey.from(randomBytes(32).toString('hex')));
    // Two fleet runs: one succeeds in 120 ms with a $0.30 model call, one fails in 80 ms.
    const start = (time: string) => event('run.started', { workflowId: 'fleet.route', version: 1, parent: null }, time);
    await store.append('f-1', 'no_stream', [
      start('2026-11-24T09:00:00.000Z'),
      event('run.model.called', { stepId: 'plan', call: { costUsd: 0.3 } }, '2026-11-24T09:00:00.050Z'),
      event('run.completed', { outcome: 'completed' }, '2026-11-24T09:00:00.120Z'),
    ]);
    await store.append('f-2', 'no_stream', [
      start('2026-11-24T09:10:00.000Z'),
      event('run.failed', { stepId: null, code: 'X', message: 'x' }, '2026-11-24T09:10:00.080Z'),
    ]);
    // One triage encounter: ESI 2 by the rules' floor, its first TriageAssigned 30 ms after its start.
    const assigned = { esi: 2, rulesOnly: true, rulesOnlyReason: 'FLOOR_ESI_1_2' };
    await store.append('t-1', 'no_stream', [
      event('run.started', { workflowId: 'triage.assess', version: 1, parent: null }, '2026-11-24T09:30:00.000Z'),
      event(
        'run.step.completed',
        { stepId: 'assignByRules', visit: 1, next: 'announce', output: null, stateChanges: { assignment: assigned } },
        '2026-11-24T09:30:00.010Z',
      ),
      event(
        'run.step.completed',
        { stepId: 'announce', visit: 1, next: 'awaitClinician', output: null, stateChanges: {} },
        '2026-11-24T09:30:00.030Z',
      ),
    ]);
    // And one loan run, which completes in 200 ms.
    await store.append('l-1', 'no_stream', [
      event('run.started', { workflowId: 'loan.underwrite', version: 2, parent: null }, '2026-11-24T09:20:00.000Z'),
      event('run.completed', { outcome: 'completed' }, '2026-11-24T09:20:00.200Z'),
    ]);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const kpi = (...args: string[]) => {
    const result = spawnSync(
      process.execPath,
      ['-r', join(repoRoot, 'tools/runtime/register.js'), join(repoRoot, 'dist/out-tsc/tools/kpi/kpi-cli.js'), ...args],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: {
          ...process.env,
          DATABASE_URL: db.databaseUrl,
          DATABASE_SCHEMA: db.schema,
          KPI_INFRA_COST_PER_STEP_USD: '0',
        },
      },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('prints each figure beside its band with ✓ or ✗', () => {
    const run = kpi('--from', '2026-11-24T00:00:00Z', '--to', '2026-11-25T00:00:00Z');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('| fleet | transactions | 2 (1 ok, 1 failed, 0 cancelled, 0 in flight) |  |  |');
    expect(run.stdout).toContain('| fleet | success rate | 50.00% | > 99.5% | ✗ |');
    expect(run.stdout).toContain('| fleet | latency p99 | 120 ms | < 500 ms | ✓ |');
    expect(run.stdout).toContain('| fleet | cost per transaction | $0.1500 | <= $0.25 | ✓ |');
  });

  it('keeps only the vertical --vertical names, and refuses one that does not exist in one line listing them', () => {
    const window = ['--from', '2026-11-24T00:00:00Z', '--to', '2026-11-25T00:00:00Z'];
    expect(kpi(...window).stdout).toContain(
      '| loan | transactions | 1 (1 ok, 0 failed, 0 cancelled, 0 in flight) |  |  |',
    );
    const loan = kpi(...window, '--vertical', 'loan');
    expect(loan.status).toBe(0);
    expect(loan.stdout).toContain('| loan | transactions | 1 (1 ok, 0 failed, 0 cancelled, 0 in flight) |  |  |');
    expect(loan.stdout).toContain('| loan | latency p99 | 200 ms | < 500 ms | ✓ |');
    // Loan's own figure, from its definition (`defineVertical({ kpis })`): no referral among its one run.
    expect(loan.stdout).toContain('| loan | referral-share | 0.00% |  |  |');
    expect(loan.stdout).not.toContain('| fleet |');

    const unknown = kpi(...window, '--vertical', 'astrology');
    expect(unknown).toEqual({
      status: 1,
      stdout: '',
      stderr: `baton: no vertical "astrology"; the verticals are: ${listedVerticals()}\n`,
    });
  });

  it('prints triage’s own figures with --vertical triage: time to triage by ESI, rules-only share, overrides', () => {
    const triage = kpi('--from', '2026-11-24T00:00:00Z', '--to', '2026-11-25T00:00:00Z', '--vertical', 'triage');
    expect(triage.status).toBe(0);
    expect(triage.stdout).toContain('| triage | transactions | 1 (0 ok, 0 failed, 0 cancelled, 1 in flight) |  |  |');
    expect(triage.stdout).toContain('| triage | time-to-triage-esi-1-2-p99-ms | 30 ms | < 100 ms | ✓ |');
    expect(triage.stdout).toContain('| triage | time-to-triage-p50-by-esi-ms (esi 2) | 30 ms |  |  |');
    expect(triage.stdout).toContain('| triage | rules-only-share-by-reason (reason FLOOR_ESI_1_2) | 100.00% |  |  |');
    expect(triage.stdout).toContain('| triage | overrides | 0 |  |  |');
    expect(triage.stdout).not.toContain('| fleet |');
  });

  it('exits 1 with --check when a figure is outside its band, and names a bad option', () => {
    const checked = kpi('--from', '2026-11-24T00:00:00Z', '--to', '2026-11-25T00:00:00Z', '--check');
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain('fleet: success rate');
    const bad = kpi('--from', 'last tuesday');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--from:');
    expect(kpi('--bogus')).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^baton: Unknown option '--bogus'/),
    });
  });
});
