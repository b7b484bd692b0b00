import type { DataSource } from 'typeorm';
import type { EngineClock } from '../ports/clock';
import type { TimerKind } from './durable-timers';
import type { WorkflowEngine } from './workflow-engine';

/**
 * Fires due durable timers (sleeps, signal timeouts, retries after backoff, deadlines). Each timer is claimed with
 * `FOR UPDATE SKIP LOCKED` and marked fired in the same transaction as its claim, after the
 * run has taken it; the engine ignores a timer whose step the run no longer waits on, so a
 * timer fires once even across restarts and several workers.
 */
export class TimerPoller {
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: WorkflowEngine,
    private readonly clock: EngineClock,
    private readonly options: { intervalMs?: number; batchSize?: number; onError?: (error: unknown) => void } = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          const fired = await this.fireDue();
          if (fired > 0) continue;
        } catch (error) {
          this.options.onError?.(error);
        }
        await new Promise((resolve) => setTimeout(resolve, this.options.intervalMs ?? 250));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Fires the timers due now; returns how many. */
  async fireDue(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const due: Array<{ run_id: string; step_id: string; visit: number; epoch: number; attempt: number; kind: TimerKind }> = await tx.query(
        `SELECT run_id, step_id, visit, epoch, attempt, kind FROM workflow_timers WHERE fired_at IS NULL AND due_at <= $1
          ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [this.clock.now().toISOString(), this.options.batchSize ?? 50],
      );
      for (const timer of due) {
        await this.engine.fireTimer({ runId: timer.run_id, stepId: timer.step_id, visit: timer.visit, epoch: timer.epoch, attempt: timer.attempt, kind: timer.kind });
        await tx.query(
          'UPDATE workflow_timers SET fired_at = now() WHERE run_id = $1 AND step_id = $2 AND visit = $3 AND epoch = $4 AND attempt = $5 AND kind = $6',
          [timer.run_id, timer.step_id, timer.visit, timer.epoch, timer.attempt, timer.kind],
        );
      }
      return due.length;
    });
  }
}
