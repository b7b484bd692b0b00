import { ConcurrencyError, type OutboxMessage } from '@baton/state-store';
import type {
  DurableTimer,
  RunBatch,
  RunCommit,
  RunProjection,
  RunQuery,
  RunStore,
  RunSummary,
  SettledTimers,
  StoredRunRecord,
} from '../ports/run-store.port';

interface TimerRow {
  readonly timer: DurableTimer;
  readonly dueAt: number;
  fired: boolean;
  claimedUntil: number | null;
}

const timerKey = (t: DurableTimer) => [t.runId, t.stepId, t.visit, t.epoch, t.attempt, t.kind].join('\u0000');
/** Stored as JSON, like jsonb: a caller's later change to an object never reaches the store. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The engine's run store in memory, for tests only (never the product's runtime): the same
 * contract as `PostgresRunStore` (one shared suite proves both), all or nothing per commit,
 * optimistic concurrency per stream, timers claimed once under a lease. What a commit would
 * publish is kept in {@link published} for the test to deliver (see `testWorkflow`).
 *
 * @example const engine = new WorkflowEngine({ runs: new InMemoryRunStore(), workflows, policy, model, topology, clock });
 */
export class InMemoryRunStore implements RunStore {
  private readonly streams = new Map<string, StoredRunRecord[]>();
  private readonly projections = new Map<string, RunProjection>();
  private readonly timers = new Map<string, TimerRow>();
  /** Every message a commit wrote to the outbox, in commit order. */
  readonly published: OutboxMessage[] = [];
  private taken = 0;

  async read(runId: string, fromVersion: number): Promise<StoredRunRecord[]> {
    return copy((this.streams.get(runId) ?? []).filter((record) => record.version >= fromVersion));
  }

  async commit(commit: RunCommit): Promise<void> {
    const batches = [commit.run, ...commit.started];
    // Every check first, then every write: a conflict anywhere writes nothing.
    for (const batch of batches) this.check(batch);
    for (const batch of batches) this.append(batch);
    this.published.push(...copy(commit.outbox));
    if (commit.settled) this.settle(commit.settled);
    for (const { timer, dueAt } of commit.timers) {
      const key = timerKey(timer);
      if (!this.timers.has(key))
        this.timers.set(key, { timer: copy(timer), dueAt: Date.parse(dueAt), fired: false, claimedUntil: null });
    }
  }

  async query(query: RunQuery): Promise<RunSummary[]> {
    return [...this.projections.values()]
      .filter((row) => query.tenantId === undefined || row.tenantId === query.tenantId)
      .filter((row) => query.status === undefined || row.status === query.status)
      .filter((row) => query.workflowId === undefined || row.workflowId === query.workflowId)
      .filter((row) => query.updatedAfter === undefined || Date.parse(row.updatedAt) >= Date.parse(query.updatedAfter))
      .filter((row) => query.updatedBefore === undefined || Date.parse(row.updatedAt) < Date.parse(query.updatedBefore))
      .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.runId.localeCompare(b.runId))
      .slice(0, query.limit ?? 100)
      .map((row) => ({
        runId: row.runId,
        workflowId: row.workflowId,
        status: row.status,
        updatedAt: new Date(row.updatedAt).toISOString(),
      }));
  }

  async claimDueTimers(now: Date, limit: number, leaseMs: number): Promise<DurableTimer[]> {
    const at = now.getTime();
    const due = [...this.timers.values()]
      .filter((row) => !row.fired && row.dueAt <= at && (row.claimedUntil === null || row.claimedUntil < at))
      .sort((a, b) => a.dueAt - b.dueAt)
      .slice(0, limit);
    for (const row of due) row.claimedUntil = at + leaseMs;
    return due.map((row) => copy(row.timer));
  }

  async markTimerFired(timer: DurableTimer): Promise<void> {
    const row = this.timers.get(timerKey(timer));
    if (row) row.fired = true;
  }

  /** Messages committed since the last call, in order: what a relay would publish next. */
  takePublished(): OutboxMessage[] {
    const fresh = this.published.slice(this.taken);
    this.taken = this.published.length;
    return fresh;
  }

  /** When the earliest unfired timer is due, if any (a virtual clock skips to it). */
  nextTimerDue(): Date | null {
    const pending = [...this.timers.values()].filter((row) => !row.fired).map((row) => row.dueAt);
    return pending.length === 0 ? null : new Date(Math.min(...pending));
  }

  private check(batch: RunBatch): void {
    const head = this.streams.get(batch.runId)?.length ?? null;
    const holds = batch.expected === 'no_stream' ? head === null : head === batch.expected;
    if (!holds) throw new ConcurrencyError(batch.runId, String(batch.expected), head);
  }

  private append(batch: RunBatch): void {
    const stream = this.streams.get(batch.runId) ?? [];
    for (const event of batch.events) {
      stream.push({
        version: stream.length + 1,
        type: event.type,
        data: copy(event.data),
        occurredAt: new Date(event.occurredAt).toISOString(),
      });
    }
    this.streams.set(batch.runId, stream);
    this.projections.set(batch.runId, copy(batch.projection));
  }

  /**
   * As the PostgreSQL store settles: the run's unfired timers but the wait it keeps (its
   * deadline too once it finished). A claimed timer is settled as well; the engine ignores it
   * when its poller fires it.
   */
  private settle(settled: SettledTimers): void {
    for (const row of this.timers.values()) {
      const { timer } = row;
      if (timer.runId !== settled.runId || row.fired) continue;
      if (!settled.finished && timer.kind === 'run-timeout') continue;
      const keep = settled.keep;
      if (
        keep &&
        timer.stepId === keep.stepId &&
        timer.visit === keep.visit &&
        timer.epoch === keep.epoch &&
        timer.attempt === keep.attempt
      )
        continue;
      row.fired = true;
    }
  }
}
