import { DataSource } from 'typeorm';
import { AuditKey, openStateStore, PostgresEventStore } from '@baton/state-store';
import { PostgresRunStore } from '../adapters/postgres-run-store';
import { createIsolatedSchema, IsolatedSchema, rowsLockableNow } from '@baton/testing';
import { orchestrationMigrations } from '../database/orchestration-migrations';
import { systemClock } from '../ports/clock';
import type { DurableTimer } from '../ports/run-store.port';
import { TimerPoller } from './timer-poller';
import type { WorkflowEngine } from './workflow-engine';

describe('TimerPoller (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createIsolatedSchema('timer poller');
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 6,
      migrations: orchestrationMigrations,
    });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const due = async (runId: string, count = 1) => {
    for (let visit = 1; visit <= count; visit++) {
      await db.pool.query(
        `INSERT INTO workflow_timers (run_id, step_id, visit, epoch, attempt, kind, due_at) VALUES ($1, 'wait', $2, 0, 1, 'wake', now() - interval '1 second')`,
        [runId, visit],
      );
    }
  };
  const fired = async (runId: string) =>
    (
      await db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM workflow_timers WHERE run_id = $1 AND fired_at IS NOT NULL',
        [runId],
      )
    ).rows[0]?.n;
  /** The store the poller claims from (its event store is not read here). */
  const runStore = () =>
    new PostgresRunStore(dataSource, new PostgresEventStore(dataSource, AuditKey.from('ab'.repeat(32))));
  /** An engine stand-in: only `fireTimer` is called by the poller. */
  const engine = (fireTimer: (timer: DurableTimer) => Promise<void>) => ({ fireTimer }) as unknown as WorkflowEngine;

  it('fires a due timer with no transaction open: its row is not locked while the run advances', async () => {
    await due('run-unlocked');
    let lockable: boolean | null = null;
    const poller = new TimerPoller(
      runStore(),
      engine(async (timer) => {
        // Another session takes the row's lock without waiting; the old poller held it here.
        lockable = await rowsLockableNow(db.pool, 'SELECT 1 FROM workflow_timers WHERE run_id = $1', [timer.runId]);
      }),
      systemClock,
    );
    expect(await poller.fireDue()).toBe(1);
    expect(lockable).toBe(true);
    expect(await fired('run-unlocked')).toBe(1);
  });

  it('leaves a claim to lapse when its poller dies, and another poller then fires the timer', async () => {
    await due('run-orphaned');
    let hang!: () => void;
    const dying = new TimerPoller(
      runStore(),
      engine(() => new Promise<void>((resolve) => (hang = resolve))),
      systemClock,
      { leaseMs: 300 },
    );
    const claimed = dying.fireDue();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const calls: string[] = [];
    const survivor = new TimerPoller(
      runStore(),
      engine(async (timer) => void calls.push(timer.runId)),
      systemClock,
    );
    expect(await survivor.fireDue()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await survivor.fireDue()).toBe(1);
    expect(calls).toEqual(['run-orphaned']);
    expect(await fired('run-orphaned')).toBe(1);
    hang();
    await claimed;
  });

  it('fires each due timer once when two pollers race', async () => {
    await due('run-raced', 20);
    const calls = new Map<number, number>();
    const counting = engine(async (timer) => {
      calls.set(timer.visit, (calls.get(timer.visit) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    const [first, second] = [
      new TimerPoller(runStore(), counting, systemClock, { batchSize: 5 }),
      new TimerPoller(runStore(), counting, systemClock, { batchSize: 5 }),
    ];
    const drain = async (poller: TimerPoller) => {
      while ((await poller.fireDue()) > 0);
    };
    await Promise.all([drain(first), drain(second)]);
    expect([...calls.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
    expect(await fired('run-raced')).toBe(20);
  });
});
