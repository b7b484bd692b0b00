import { v7 as uuidv7 } from 'uuid';
import { isConcurrencyError, NewEvent, OutboxMessage } from '@baton/state-store';
import type { EngineClock } from '../ports/clock';
import type { RunBatch, RunStore, SettledTimers, StoredRunRecord } from '../ports/run-store.port';
import type { RunEvent } from '../run/run-events';
import { emptyRun, evolveRun, RunState } from '../run/run-state';
import { runEventFromStored, storedRunEvent } from '../run/stored-run-events';
import type { ScheduledTimer } from './step-plan';

/** A run and the stream version it was folded at (the expected version of the next append). */
export interface LoadedRun {
  readonly run: RunState;
  readonly version: number;
}

/**
 * Folds and commits run streams over a {@link RunStore}. Hot runs stay folded in memory; a
 * commit that loses the optimistic-concurrency race evicts the cached run so the caller reloads
 * the winner's history. Each commit hands the store the events (a completed step stored as its
 * state's changes), the outbox messages (with a child's report to its parent when the run
 * ends), the projection row, the timers to write and the ones to settle, all or nothing.
 */
export class RunRepository {
  private readonly cache = new Map<string, LoadedRun>();

  constructor(
    private readonly store: RunStore,
    private readonly clock: EngineClock,
    /** Messages that commit with the event that ends a run (a child's report to its parent). */
    private readonly onFinish: (run: RunState) => OutboxMessage[] = () => [],
    private readonly maxCached = 10_000,
  ) {}

  async load(runId: string, fresh = false): Promise<LoadedRun | null> {
    const cached = fresh ? undefined : this.cache.get(runId);
    const stored = await this.store.read(runId, (cached?.version ?? 0) + 1);
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

  /** Appends events with what commits with them; throws `ConcurrencyError` when stale. */
  async commit(
    runId: string,
    expected: number | 'no_stream',
    runEvents: readonly RunEvent[],
    outbox: readonly OutboxMessage[] = [],
    starts: readonly RunBatch[] = [],
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
    try {
      await this.store.commit({
        run: { runId, expected, events: newEvents, projection: projectionOf(next) },
        started: starts,
        outbox: [...outbox, ...finishing],
        timers,
        settled: timersLeftBehind(base.run, next.run),
      });
    } catch (error) {
      if (isConcurrencyError(error)) this.cache.delete(runId);
      throw error;
    }
    this.remember(runId, next);
    return next;
  }

  /** The run as this worker last saw it, without asking the store (may be stale). */
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

function toRunEvent(event: StoredRunRecord): RunEvent {
  return { type: event.type, data: event.data } as RunEvent;
}

/** The projection row of a run as folded. */
function projectionOf({ run, version }: LoadedRun) {
  return {
    runId: run.runId,
    workflowId: run.workflowId,
    version: run.version,
    tenantId: run.tenantId,
    status: run.status,
    currentStep: run.current,
    streamVersion: version,
    startedAt: run.startedAt,
    updatedAt: run.updatedAt,
  };
}
