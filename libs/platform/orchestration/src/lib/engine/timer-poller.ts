import type { DataSource } from 'typeorm';
import type { EngineClock } from '../ports/clock';
import type { TimerKind } from './durable-timers';
import type { WorkflowEngine } from './workflow-engine';

type DueTimer = { run_id: string; step_id: string; visit: number; epoch: number; attempt: number; kind: TimerKind };

/**
 * Fires due durable timers (sleeps, signal timeouts, retries after backoff, deadlines). Due
 * timers are claimed in one short statement (`FOR UPDATE SKIP LOCKED`, then a lease of
 * `leaseMs`), fired with no transaction open, and marked fired once the run has taken them. A
 * poller that dies after its claim leaves the lease to lapse, and another poller fires the
 * timer; the engine ignores a timer whose step the run no longer waits on, so a timer fired
 * twice changes a run once, across restarts and several workers.
 */
export class TimerPoller {
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: WorkflowEngine,
    private readonly clock: EngineClock,
    private readonly options: {
      intervalMs?: number;
      batchSize?: number;
      leaseMs?: number;
      onError?: (error: unknown) => void;
    } = {},
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
    const due = await this.claimDue();
    for (const timer of due) {
      await this.engine.fireTimer({
        runId: timer.run_id,
        stepId: timer.step_id,
        visit: timer.visit,
        epoch: timer.epoch,
        attempt: timer.attempt,
        kind: timer.kind,
      });
      await this.dataSource.query(
        'UPDATE workflow_timers SET fired_at = now() WHERE run_id = $1 AND step_id = $2 AND visit = $3 AND epoch = $4 AND attempt = $5 AND kind = $6 AND fired_at IS NULL',
        [timer.run_id, timer.step_id, timer.visit, timer.epoch, timer.attempt, timer.kind],
      );
    }
    return due.length;
  }

  /**
   * Claims up to a batch of due, unfired timers that no live lease holds, in one statement:
   * rows another poller is claiming at this instant are skipped, not waited for.
   */
  private async claimDue(): Promise<DueTimer[]> {
    return this.dataSource.query(
      `WITH claimed AS (
         UPDATE workflow_timers SET claimed_until = now() + $3 * interval '1 millisecond'
          WHERE (run_id, step_id, visit, epoch, attempt, kind) IN (
            SELECT run_id, step_id, visit, epoch, attempt, kind FROM workflow_timers
             WHERE fired_at IS NULL AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until < now())
             ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING run_id, step_id, visit, epoch, attempt, kind, due_at)
       SELECT run_id, step_id, visit, epoch, attempt, kind FROM claimed ORDER BY due_at`,
      // Small batches under a short lease: a poller that dies delays its timers by the lease at most.
      [this.clock.now().toISOString(), this.options.batchSize ?? 10, this.options.leaseMs ?? 10_000],
    );
  }
}
