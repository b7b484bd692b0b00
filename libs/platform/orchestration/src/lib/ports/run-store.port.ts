import type { NewEvent, OutboxMessage } from '@baton/state-store';
import type { RunStatus } from '../run/run-state';

/**
 * What a durable timer is for: a sleep's end or a signal's deadline (`wake`), a retry after
 * backoff (`retry`), an attempt's deadline (`timeout`), the run's deadline (`run-timeout`), or a
 * step's deadline over all its attempts (`deadline`, one per attempt so it lives as long as the wait).
 */
export type TimerKind = 'wake' | 'retry' | 'timeout' | 'run-timeout' | 'deadline';

/** One durable timer: the run, step, visit, epoch and attempt it concerns, and its kind. */
export interface DurableTimer {
  readonly runId: string;
  readonly stepId: string;
  readonly visit: number;
  readonly epoch: number;
  readonly attempt: number;
  readonly kind: TimerKind;
}

/** A durable timer to write with a step's events, and when it is due. */
export interface ScheduledTimer {
  readonly timer: DurableTimer;
  readonly dueAt: string;
}

/**
 * The run's timers that can no longer change anything once a commit has moved it on: every
 * unfired timer of a wait it left (an attempt's deadline after the reply came, a retry or a
 * wake the run no longer waits on), and, once the run has finished, its deadline too. They are
 * settled (marked fired) in the commit that leaves the wait, so no poller claims them. `keep` is
 * the wait the run is in after the commit, if any. A store skips timers a poller holds right now.
 */
export interface SettledTimers {
  readonly runId: string;
  readonly keep: {
    readonly stepId: string;
    readonly visit: number;
    readonly epoch: number;
    readonly attempt: number;
  } | null;
  readonly finished: boolean;
}

/** The queryable row of a run, written with every commit to its stream. */
export interface RunProjection {
  readonly runId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly tenantId: string;
  readonly status: RunStatus;
  readonly currentStep: string | null;
  readonly streamVersion: number;
  readonly startedAt: string;
  readonly updatedAt: string;
}

/** One run stream's part of a commit. */
export interface RunBatch {
  readonly runId: string;
  /** The stream's version the events follow, or `no_stream` for a new run. */
  readonly expected: number | 'no_stream';
  readonly events: readonly NewEvent[];
  readonly projection: RunProjection;
}

/**
 * Everything one commit writes, all or nothing: the run's events (and any other run the commit
 * starts, a child), the commands and events to publish, the timers the step set and the ones
 * it settles.
 */
export interface RunCommit {
  readonly run: RunBatch;
  /** Runs started by this commit (a child workflow's first event), written with it or not at all. */
  readonly started: readonly RunBatch[];
  readonly outbox: readonly OutboxMessage[];
  readonly timers: readonly ScheduledTimer[];
  readonly settled: SettledTimers | null;
}

/** A stored event of a run stream, as the store gives it back. */
export interface StoredRunRecord {
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
}

/** Which runs a query returns, newest change first. */
export interface RunQuery {
  /** Only this tenant's runs (indexed with the workflow, status and time). */
  readonly tenantId?: string;
  readonly status?: RunStatus;
  readonly workflowId?: string;
  readonly updatedAfter?: string;
  readonly updatedBefore?: string;
  /** Default 100. */
  readonly limit?: number;
}

/** One line of a query. */
export interface RunSummary {
  readonly runId: string;
  readonly workflowId: string;
  readonly status: RunStatus;
  readonly updatedAt: string;
}

/**
 * Where the engine keeps its runs: the one port through which it reads and writes state. The
 * PostgreSQL adapter (`PostgresRunStore`) is the product's; the in-memory one
 * (`InMemoryRunStore`, testing entry) is for tests. Both pass one contract suite.
 *
 * @example const engine = new WorkflowEngine({ runs: new PostgresRunStore(dataSource, events, dispatcher), ... });
 */
export interface RunStore {
  /** A stream's events from `fromVersion` on, in order; none for an unknown run. */
  read(runId: string, fromVersion: number): Promise<StoredRunRecord[]>;
  /**
   * Writes the commit all or nothing. Throws a `ConcurrencyError` (`@baton/state-store`) when a
   * stream is not at its expected version, and then writes nothing.
   */
  commit(commit: RunCommit): Promise<void>;
  query(query: RunQuery): Promise<RunSummary[]>;
  /**
   * Claims up to `limit` due, unfired timers that no live claim holds, for `leaseMs`: two
   * claimants never get the same timer while the lease lasts; one that dies lets it lapse.
   */
  claimDueTimers(now: Date, limit: number, leaseMs: number): Promise<DurableTimer[]>;
  /** Marks a claimed timer fired, once the run has taken it. */
  markTimerFired(timer: DurableTimer): Promise<void>;
}
