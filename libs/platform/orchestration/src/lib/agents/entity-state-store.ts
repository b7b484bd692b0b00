import type { EntityManager } from 'typeorm';
import { loadAggregate, NewEvent, PostgresEventStore, SnapshotStore, StoredEvent } from '@baton/state-store';

/** A stateful agent's fold over one entity's stream (a vehicle, a patient, an account). */
export interface EntityModel<State> {
  /** Stream id prefix, e.g. `vehicle`: streams are `vehicle-<id>`. */
  readonly stream: string;
  readonly initialState: () => State;
  readonly evolve: (state: State, event: StoredEvent) => State;
  readonly stateVersion: number;
}

/**
 * Per-entity state for stateful agents, kept as an event stream with optimistic concurrency.
 * `update` loads the entity, lets the agent decide events from its state, and appends them
 * expecting the version it read, inside the caller's transaction (the inbox's, so the state
 * change, the inbox row and the reply commit together). A concurrent writer makes the append
 * fail; the caller's transaction rolls back and the message is redelivered against the new state.
 *
 * @example
 * const vehicles = new EntityStateStore(events, snapshots, vehicleModel);
 * await vehicles.update(tx, 'truck-7', (state) => state.capacityKg >= load ? [reserved(load)] : []);
 */
export class EntityStateStore<State> {
  constructor(
    private readonly events: PostgresEventStore,
    private readonly snapshots: SnapshotStore,
    private readonly model: EntityModel<State>,
  ) {}

  streamId(entityId: string): string {
    return `${this.model.stream}-${entityId}`;
  }

  async load(entityId: string): Promise<{ state: State; version: number | null }> {
    const { state, version } = await loadAggregate(this.events, this.snapshots, this.streamId(entityId), this.model);
    return { state, version };
  }

  /** Decides and appends; returns the state after the new events. Throws `ConcurrencyError` when another writer got there first. */
  async update(tx: EntityManager, entityId: string, decide: (state: State) => readonly NewEvent[]): Promise<State> {
    // Read inside the caller's transaction: a second pooled connection per update would let a
    // burst of updates exhaust the pool while each holds a transaction open.
    const history = await this.events.readStream(this.streamId(entityId), 1, tx);
    const state = history.reduce(this.model.evolve, this.model.initialState());
    const version = history.at(-1)?.version ?? null;
    const decided = decide(state);
    if (decided.length === 0) return state;
    const { events } = await this.events.append(this.streamId(entityId), version ?? 'no_stream', decided, tx);
    return events.reduce(this.model.evolve, state);
  }
}
