import type { EntityManager } from 'typeorm';

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
