import { v7 as uuidv7 } from 'uuid';
import type { DataSource, EntityManager } from 'typeorm';
import {
  enqueueOutbox,
  isConcurrencyError,
  NewEvent,
  OutboxDispatcher,
  OutboxMessage,
  outboxStatementPart,
  OutboxTicket,
  PostgresEventStore,
  StatementParams,
  StoredEvent,
} from '@baton/state-store';
import type { EngineClock } from '../ports/clock';
import { scheduleTimer, SettledTimers, settleTimers, settleTimersCte, timersInsertCte } from './durable-timers';
import type { CommitExtra, ScheduledTimer } from './step-plan';

export type { CommitExtra } from './step-plan';
import type { RunEvent } from '../run/run-events';
import { emptyRun, evolveRun, RunState } from '../run/run-state';
import { runEventFromStored, storedRunEvent } from '../run/stored-run-events';

/** A run and the stream version it was folded at (the expected version of the next append). */
export interface LoadedRun {
  readonly run: RunState;
  readonly version: number;
}

/**
 * Loads and appends run streams. Hot runs stay folded in memory; an append that loses the
 * optimistic-concurrency race evicts the cached run so the caller reloads the winner's history.
 * Every commit writes the events, the outbox messages, the run projection and any extra rows
 * in one transaction.
 */
export class RunRepository {
  private readonly cache = new Map<string, LoadedRun>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: PostgresEventStore,
    private readonly clock: EngineClock,
    /** Messages that commit with the event that ends a run (a child's report to its parent). */
    private readonly onFinish: (run: RunState) => OutboxMessage[] = () => [],
    /** Publishes a commit's messages right after it (the relay takes them after a grace period otherwise). */
    private readonly dispatcher: OutboxDispatcher | null = null,
    private readonly maxCached = 10_000,
  ) {}

  async load(runId: string, fresh = false): Promise<LoadedRun | null> {
    const cached = fresh ? undefined : this.cache.get(runId);
    const stored = await this.events.readStream(runId, (cached?.version ?? 0) + 1);
    if (!cached && stored.length === 0) return null;
    const loaded = stored.reduce<LoadedRun>(
      (acc, event) => ({
        run: evolveRun(acc.run, runEventFromStored(toRunEvent(event), acc.run.state), event.occurredAt),
        version: event.version,
      }),
      cached ?? { run: emptyRun(runId), version: 0 },
    );
    this.remember(runId, loaded);
    return loaded;
  }

  /** Appends events with the outbox messages and extras; throws `ConcurrencyError` when stale. */
  async commit(
    runId: string,
    expected: number | 'no_stream',
    runEvents: readonly RunEvent[],
    outbox: readonly OutboxMessage[] = [],
    extra?: CommitExtra,
    timers: readonly ScheduledTimer[] = [],
  ): Promise<LoadedRun> {
    const at = this.clock.now().toISOString();
    const base =
      expected === 'no_stream'
        ? { run: emptyRun(runId), version: 0 }
        : (this.cache.get(runId) ?? (await this.load(runId)) ?? { run: emptyRun(runId), version: 0 });
    // Each event is stored against the state before it (a completed step keeps only its changes).
    const newEvents: NewEvent[] = [];
    let next = base;
    for (const event of runEvents) {
      newEvents.push(toNewEvent(event, storedRunEvent(event, next.run.state), at));
      next = { run: evolveRun(next.run, event, at), version: next.version + 1 };
    }
    const finishing = isFinished(next.run.status) && !isFinished(base.run.status) ? this.onFinish(next.run) : [];
    const messages = [...outbox, ...finishing];
    const settled = timersLeftBehind(base.run, next.run);
    // Without extra writes, the whole commit is one statement: no BEGIN and COMMIT round trips.
    if (!extra) {
      const ticket = await this.commitInOneStatement(runId, expected, newEvents, messages, next, timers, settled);
      if (ticket !== false) {
        this.remember(runId, next);
        if (ticket) void this.dispatcher?.dispatch(ticket);
        return next;
      }
    }
    let ticket: OutboxTicket | null = null;
    try {
      await this.dataSource.transaction(async (tx) => {
        await this.events.append(runId, expected, newEvents, tx);
        if (this.dispatcher && messages.length > 0) ticket = await this.dispatcher.enqueue(tx, messages);
        else await enqueueOutbox(tx, messages);
        await project(tx, next);
        if (settled) await settleTimers(tx, settled);
        for (const { timer, dueAt } of timers) await scheduleTimer(tx, timer, dueAt);
        if (extra) await extra(tx);
      });
    } catch (error) {
      if (isConcurrencyError(error)) this.cache.delete(runId);
      throw error;
    }
    this.remember(runId, next);
    // Not awaited: the run moves on while the broker confirms; the relay covers a failure.
    if (ticket) void this.dispatcher?.dispatch(ticket);
    return next;
  }

  /**
   * The commit as one statement (events, head, outbox rows, projection), when the event store
   * knows the stream's head. Returns the dispatch ticket (null when there is nothing to
   * dispatch), or false when the statement did not apply: the caller then commits in a
   * transaction, where a real conflict becomes `ConcurrencyError`.
   */
  private async commitInOneStatement(
    runId: string,
    expected: number | 'no_stream',
    events: NewEvent[],
    messages: OutboxMessage[],
    next: LoadedRun,
    timers: readonly ScheduledTimer[],
    settled: SettledTimers | null,
  ): Promise<OutboxTicket | null | false> {
    const params = new StatementParams();
    const append = await this.events.prepareAppend(params, runId, expected, events);
    if (!append) return false;
    const ctes = [...append.ctes];
    let outbox: { cte: string; ticket(positions: readonly number[]): OutboxTicket } | null = null;
    if (messages.length > 0) {
      const options = { alias: 'baton_outbox', guard: append.guard };
      outbox = outboxStatementPart(params, messages, options, this.dispatcher);
      ctes.push(outbox.cte);
    }
    ctes.push(projectionCte(params, next, append.guard));
    if (timers.length > 0) ctes.push(timersInsertCte(params, timers, append.guard));
    if (settled) ctes.push(settleTimersCte(params, settled, append.guard));
    const rows: Array<{ applied: number; positions: string[] | null }> = await this.dataSource.query(
      `WITH ${ctes.join(',\n')}
       SELECT (SELECT count(*) FROM ${append.guard})::int AS applied, ${outbox ? '(SELECT array_agg(position) FROM baton_outbox)' : 'NULL::bigint[]'} AS positions`,
      params.values,
    );
    const applied = (rows[0]?.applied ?? 0) > 0;
    append.settle(applied);
    if (!applied) return false;
    return outbox && this.dispatcher ? outbox.ticket((rows[0]?.positions ?? []).map(Number)) : null;
  }

  /** The run as this worker last saw it, without asking the database (may be stale). */
  cached(runId: string): LoadedRun | null {
    return this.cache.get(runId) ?? null;
  }

  forget(runId: string): void {
    this.cache.delete(runId);
  }

  private remember(runId: string, loaded: LoadedRun): void {
    this.cache.delete(runId);
    this.cache.set(runId, loaded);
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
  }
}

/** A run event as the event store takes it; an event that carries its own id and metadata keeps them. */
function toNewEvent(event: RunEvent, stored: Pick<RunEvent, 'type' | 'data'>, at: string): NewEvent {
  // Version 2 of `run.step.completed` carries the state's changes (see `StoredStepCompleted`).
  const schemaVersion = stored.data !== event.data ? 2 : 1;
  if ('eventId' in event)
    return {
      eventId: event.eventId,
      type: event.type,
      schemaVersion,
      data: stored.data,
      metadata: event.metadata,
      occurredAt: event.occurredAt,
    };
  return { eventId: uuidv7(), type: event.type, schemaVersion, data: stored.data, occurredAt: at };
}

/**
 * The timers a commit leaves behind: those of the wait the run was in, when the commit ends or
 * changes that wait, and all of them when it finishes the run. Null when the commit leaves the
 * run's wait as it was (nothing to settle, no extra write).
 */
function timersLeftBehind(before: RunState, after: RunState): SettledTimers | null {
  const finished = isFinished(after.status);
  const leftWait =
    before.waiting !== null &&
    (after.waiting === null ||
      after.waiting.stepId !== before.waiting.stepId ||
      after.waiting.visit !== before.waiting.visit ||
      after.waiting.attempt !== before.waiting.attempt ||
      after.epoch !== before.epoch);
  if (!leftWait && !(finished && !isFinished(before.status))) return null;
  const keep = after.waiting
    ? { stepId: after.waiting.stepId, visit: after.waiting.visit, epoch: after.epoch, attempt: after.waiting.attempt }
    : null;
  return { runId: after.runId, keep, finished };
}

/** True once a run can change no more (short of an operator's retry). */
export function isFinished(status: RunState['status']): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

function toRunEvent(event: StoredEvent): RunEvent {
  return { type: event.type, data: event.data } as RunEvent;
}

/** The projection row's upsert as a CTE of a one-statement commit, written only if `guard` applied. */
function projectionCte(params: StatementParams, { run, version }: LoadedRun, guard: string): string {
  const values = [
    run.runId,
    run.workflowId,
    run.version,
    run.tenantId,
    run.status,
    run.current,
    version,
    run.startedAt,
    run.updatedAt,
  ];
  const casts = ['text', 'text', 'integer', 'text', 'text', 'text', 'bigint', 'timestamptz', 'timestamptz'];
  return `baton_projection AS (INSERT INTO workflow_runs (run_id, workflow_id, version, tenant_id, status, current_step, stream_version, started_at, updated_at)
     SELECT ${values.map((value, index) => params.add(value, casts[index])).join(', ')} WHERE EXISTS (SELECT 1 FROM ${guard})
     ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, current_step = EXCLUDED.current_step,
       stream_version = EXCLUDED.stream_version, updated_at = EXCLUDED.updated_at RETURNING 1)`;
}

async function project(tx: EntityManager, { run, version }: LoadedRun): Promise<void> {
  await tx.query(
    `INSERT INTO workflow_runs (run_id, workflow_id, version, tenant_id, status, current_step, stream_version, started_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, current_step = EXCLUDED.current_step,
       stream_version = EXCLUDED.stream_version, updated_at = EXCLUDED.updated_at`,
    [
      run.runId,
      run.workflowId,
      run.version,
      run.tenantId,
      run.status,
      run.current,
      version,
      run.startedAt,
      run.updatedAt,
    ],
  );
}
