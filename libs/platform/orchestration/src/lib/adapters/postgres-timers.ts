import type { EntityManager } from 'typeorm';
import { StatementParams } from '@baton/state-store';
import type { DurableTimer, SettledTimers } from '../ports/run-store.port';

/** Writes a timer in the transaction that records why it exists. */
export async function scheduleTimer(tx: EntityManager, timer: DurableTimer, dueAt: string): Promise<void> {
  await tx.query(
    `INSERT INTO workflow_timers (run_id, step_id, visit, epoch, attempt, kind, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [timer.runId, timer.stepId, timer.visit, timer.epoch, timer.attempt, timer.kind, dueAt],
  );
}

/**
 * Timers as a common table expression of a one-statement commit: written only if the statement's
 * guard (the stream head's move) applied, so they commit exactly with their events.
 */
export function timersInsertCte(
  params: StatementParams,
  timers: ReadonlyArray<{ readonly timer: DurableTimer; readonly dueAt: string }>,
  guard: string,
): string {
  const rows = timers.map(
    ({ timer, dueAt }) =>
      `(${[timer.runId, timer.stepId, timer.visit, timer.epoch, timer.attempt, timer.kind].map((value, index) => params.add(value, ['text', 'text', 'integer', 'integer', 'integer', 'text'][index])).join(', ')}, ${params.add(dueAt, 'timestamptz')})`,
  );
  return `baton_timers AS (INSERT INTO workflow_timers (run_id, step_id, visit, epoch, attempt, kind, due_at)
    SELECT v.* FROM (VALUES ${rows.join(', ')}) AS v(run_id, step_id, visit, epoch, attempt, kind, due_at)
     WHERE EXISTS (SELECT 1 FROM ${guard}) ON CONFLICT DO NOTHING)`;
}

/**
 * The rows to settle, skipping any a poller has claimed: it is firing that timer right now (the
 * engine will ignore it), and waiting for its lock could deadlock against the poller's own
 * commit to the run, which waits for this statement's stream head.
 */
function settleRows(params: StatementParams, settled: SettledTimers): string {
  return `(run_id, step_id, visit, epoch, attempt, kind) IN (SELECT run_id, step_id, visit, epoch, attempt, kind FROM workflow_timers WHERE ${settleCondition(params, settled)} FOR UPDATE SKIP LOCKED)`;
}

function settleCondition(params: StatementParams, settled: SettledTimers): string {
  const clauses = [`run_id = ${params.add(settled.runId, 'text')}`, 'fired_at IS NULL'];
  if (!settled.finished) clauses.push(`kind <> 'run-timeout'`);
  if (settled.keep) {
    const { stepId, visit, epoch, attempt } = settled.keep;
    clauses.push(
      `NOT (step_id = ${params.add(stepId, 'text')} AND visit = ${params.add(visit, 'integer')} AND epoch = ${params.add(epoch, 'integer')} AND attempt = ${params.add(attempt, 'integer')})`,
    );
  }
  return clauses.join(' AND ');
}

/** {@link SettledTimers} as a CTE of a one-statement commit, applied only if `guard` applied. */
export function settleTimersCte(params: StatementParams, settled: SettledTimers, guard: string): string {
  return `baton_settled_timers AS (UPDATE workflow_timers SET fired_at = now() WHERE ${settleRows(params, settled)} AND EXISTS (SELECT 1 FROM ${guard}) RETURNING 1)`;
}

/** {@link SettledTimers} in the caller's transaction. */
export async function settleTimers(tx: EntityManager, settled: SettledTimers): Promise<void> {
  const params = new StatementParams();
  await tx.query(`UPDATE workflow_timers SET fired_at = now() WHERE ${settleRows(params, settled)}`, params.values);
}
