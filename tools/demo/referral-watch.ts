import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';

/** How often the watch looks for runs that went to an underwriter. */
export const REFERRAL_WATCH_MS = 100;

/** A run that stopped short of `LoanDecided`: waiting for an underwriter, or failed. */
export interface Stopped {
  readonly kind: 'referred' | 'failed';
  /** `performance.now()` when the watch saw it. */
  readonly at: number;
  /** From `run.started` to the referral (or failure), by the event store's timestamps. */
  readonly afterMs: number;
}

/**
 * The underwriters' worklist, read from the event store: a run is referred once it has scheduled
 * its wait for the underwriter's signal. `LoanDecided` only announces decisions and only `GET`
 * shows a referral, so rather than every waiting client polling the API, one query every
 * {@link REFERRAL_WATCH_MS} ms covers every application in flight.
 *
 * @example
 * const watch = new ReferralWatch(stack.dataSource, 'loan_demo');
 * const stopped = await watch.whenStopped(runId); // { kind: 'referred', at, afterMs }
 * watch.close();
 */
export class ReferralWatch {
  private readonly waiting = new Map<
    string,
    { resolve: (stopped: Stopped) => void; reject: (error: unknown) => void }
  >();
  private readonly timer: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {
    this.timer = setInterval(() => void this.poll(), REFERRAL_WATCH_MS);
  }

  /** Resolves when the run is referred or failed; `forget` it once it was decided instead. */
  whenStopped(runId: string): Promise<Stopped> {
    return new Promise((resolve, reject) => this.waiting.set(runId, { resolve, reject }));
  }

  forget(runId: string): void {
    this.waiting.delete(runId);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.waiting.size === 0) return;
    this.polling = true;
    try {
      const rows: Array<{ stream_id: string; kind: 'referred' | 'failed'; after_ms: number }> =
        await this.dataSource.query(
          `SELECT s.stream_id,
                CASE WHEN s.type = 'run.failed' THEN 'failed' ELSE 'referred' END AS kind,
                (EXTRACT(EPOCH FROM (s.occurred_at - r.occurred_at)) * 1000)::float8 AS after_ms
           FROM "${this.schema}".events s
           JOIN "${this.schema}".events r ON r.stream_id = s.stream_id AND r.type = 'run.started'
          WHERE s.stream_id = ANY($1)
            AND (s.type = 'run.failed' OR (s.type = 'run.step.scheduled' AND s.data->>'stepId' = 'awaitReview'))`,
          [[...this.waiting.keys()]],
        );
      const at = performance.now();
      for (const row of rows) {
        this.waiting.get(row.stream_id)?.resolve({ kind: row.kind, at, afterMs: row.after_ms });
        this.waiting.delete(row.stream_id);
      }
    } catch (error) {
      // The event store did not answer: nobody waiting can be told anything, so all of them fail.
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
    } finally {
      this.polling = false;
    }
  }
}
