import type { RunEvent } from './run-events';

/**
 * A completed step as it is stored: the top-level fields of the workflow state that the step
 * changed (`stateChanges`) and any it dropped (`stateRemoved`), instead of the whole state. A
 * run's state usually carries its input (an application, a document), which no step changes;
 * writing it once, in `run.started`, keeps each step's event, its hash and its encryption small.
 * `run.started` and `run.completed` still carry the whole state, so the first and the last event
 * of a stream each read on their own.
 */
export interface StoredStepCompleted {
  readonly stepId: string;
  readonly visit: number;
  readonly next: string | null;
  readonly output: unknown;
  readonly stateChanges: Record<string, unknown>;
  readonly stateRemoved?: readonly string[];
}

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The event as the run's stream stores it, given the state before it: a completed step over an
 * object state keeps only its changes (see {@link StoredStepCompleted}); every other event, and a
 * step over a state that is not an object, is stored as it is.
 *
 * @example const stored = storedRunEvent(event, run.state); run = evolveRun(run, event, at);
 */
export function storedRunEvent(event: RunEvent, before: unknown): Pick<RunEvent, 'type' | 'data'> {
  if (event.type !== 'run.step.completed') return event;
  const { state, ...rest } = event.data;
  if (!isPlainObject(state) || !isPlainObject(before)) return event;
  const stateChanges: PlainObject = {};
  for (const [key, value] of Object.entries(state)) {
    // An undefined field is absent once stored as JSON: it counts as removed, not changed.
    if (value !== undefined && !sameJson(before[key], value)) stateChanges[key] = value;
  }
  const stateRemoved = Object.keys(before).filter((key) => before[key] !== undefined && state[key] === undefined);
  const data: StoredStepCompleted = { ...rest, stateChanges, ...(stateRemoved.length > 0 ? { stateRemoved } : {}) };
  return { type: event.type, data } as unknown as RunEvent;
}

/**
 * The event with its whole state again, given the state before it: the inverse of
 * {@link storedRunEvent}. Events stored whole (older streams, recorded fixtures) pass through.
 *
 * @example run = evolveRun(run, runEventFromStored(stored, run.state), stored.occurredAt);
 */
export function runEventFromStored(stored: Pick<RunEvent, 'type' | 'data'>, before: unknown): RunEvent {
  if (stored.type !== 'run.step.completed') return stored as RunEvent;
  const data = stored.data as unknown as StoredStepCompleted | (RunEvent & { type: 'run.step.completed' })['data'];
  if (!('stateChanges' in data)) return stored as RunEvent;
  const { stateChanges, stateRemoved, ...rest } = data;
  const state: PlainObject = { ...(isPlainObject(before) ? before : {}), ...stateChanges };
  for (const key of stateRemoved ?? []) delete state[key];
  return { type: 'run.step.completed', data: { ...rest, state } };
}

/**
 * A stream's events with every completed step's whole state, in order (for replays and tools
 * that read a history without folding it).
 *
 * @example const { divergences } = replayRun(registry, runEventsFromStored(await events.readStream(runId)));
 */
export function runEventsFromStored(stored: ReadonlyArray<Pick<RunEvent, 'type' | 'data'>>): RunEvent[] {
  let state: unknown = null;
  return stored.map((event) => {
    const full = runEventFromStored(event, state);
    if (full.type === 'run.started' || full.type === 'run.step.completed' || full.type === 'run.completed')
      state = full.data.state;
    return full;
  });
}

/** Structural equality of JSON values (the state is JSON by contract); no allocation. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!sameJson(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as PlainObject;
  const right = b as PlainObject;
  let count = 0;
  for (const key in left) {
    if (!Object.prototype.hasOwnProperty.call(left, key)) continue;
    count++;
    if (!Object.prototype.hasOwnProperty.call(right, key) || !sameJson(left[key], right[key])) return false;
  }
  for (const key in right) if (Object.prototype.hasOwnProperty.call(right, key)) count--;
  return count === 0;
}
