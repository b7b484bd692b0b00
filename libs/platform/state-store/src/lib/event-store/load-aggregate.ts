import type { EventStore } from './event-store.port';
import type { StoredEvent } from './event-types';
import type { SnapshotStore } from './snapshot-store';

/** How to fold a stream into state: a pure decider's `initialState` and `evolve`. */
export interface Fold<State> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: StoredEvent) => State;
  /** Bump when the state's shape changes: older snapshots are then ignored and rebuilt. */
  readonly stateVersion: number;
}

export interface LoadedAggregate<State> {
  readonly state: State;
  /** The stream's version, or null when it has no events: the expected version of the next append. */
  readonly version: number | null;
  /** Events folded on top of the snapshot (all of them when there was none). */
  readonly eventsFolded: number;
}

/**
 * Loads a stream's state: the latest snapshot (if of the current shape) plus the events after it.
 *
 * @example
 * const { state, version } = await loadAggregate(events, snapshots, 'run-1', runFold);
 * await events.append('run-1', version ?? 'no_stream', decide(command, state));
 */
export async function loadAggregate<State>(
  events: EventStore,
  snapshots: SnapshotStore,
  streamId: string,
  fold: Fold<State>,
): Promise<LoadedAggregate<State>> {
  const snapshot = await snapshots.load<State>(streamId);
  const usable = snapshot && snapshot.stateVersion === fold.stateVersion ? snapshot : null;
  const later = await events.readStream(streamId, (usable?.version ?? 0) + 1);
  const state = later.reduce(fold.evolve, usable ? usable.state : fold.initialState());
  const version = later.at(-1)?.version ?? usable?.version ?? null;
  return { state, version, eventsFolded: later.length };
}
