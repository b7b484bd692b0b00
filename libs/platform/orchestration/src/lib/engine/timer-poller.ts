import type { EngineClock } from '../ports/clock';
import type { RunStore } from '../ports/run-store.port';
import type { WorkflowEngine } from './workflow-engine';

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
    private readonly store: RunStore,
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
    // Small batches under a short lease: a poller that dies delays its timers by the lease at most.
    const due = await this.store.claimDueTimers(
      this.clock.now(),
      this.options.batchSize ?? 10,
      this.options.leaseMs ?? 10_000,
    );
    for (const timer of due) {
      await this.engine.fireTimer(timer);
      await this.store.markTimerFired(timer);
    }
    return due.length;
  }
}
