import type { EntityManager } from 'typeorm';
import type { StatementParams } from '@baton/state-store';

/**
 * What a durable timer is for: a sleep's end or a signal's deadline (`wake`), a retry after
 * backoff (`retry`), an attempt's deadline (`timeout`), or the run's deadline (`run-timeout`).
 */
export type TimerKind = 'wake' | 'retry' | 'timeout' | 'run-timeout';

/** One durable timer: the run, step, visit, epoch and attempt it concerns, and when it is due. */
export interface DurableTimer {
  readonly runId: string;
  readonly stepId: string;
  readonly visit: number;
  readonly epoch: number;
  readonly attempt: number;
  readonly kind: TimerKind;
}

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
export function timersInsertCte(params: StatementParams, timers: ReadonlyArray<{ readonly timer: DurableTimer; readonly dueAt: string }>, guard: string): string {
  const rows = timers.map(({ timer, dueAt }) =>
    `(${[timer.runId, timer.stepId, timer.visit, timer.epoch, timer.attempt, timer.kind].map((value, index) => params.add(value, ['text', 'text', 'integer', 'integer', 'integer', 'text'][index])).join(', ')}, ${params.add(dueAt, 'timestamptz')})`,
  );
  return `baton_timers AS (INSERT INTO workflow_timers (run_id, step_id, visit, epoch, attempt, kind, due_at)
    SELECT v.* FROM (VALUES ${rows.join(', ')}) AS v(run_id, step_id, visit, epoch, attempt, kind, due_at)
     WHERE EXISTS (SELECT 1 FROM ${guard}) ON CONFLICT DO NOTHING)`;
}
