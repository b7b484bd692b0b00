import { DataSource, EntityManager } from 'typeorm';

/** The latest saved state of a stream. */
export interface Snapshot<State> {
  readonly streamId: string;
  readonly version: number;
  readonly state: State;
  readonly stateVersion: number;
}

/** Where snapshots are kept; `PostgresSnapshotStore` is the product, in-memory for unit tests. */
export interface SnapshotStore<Tx = unknown> {
  save<State>(snapshot: Snapshot<State>, tx?: Tx): Promise<void>;
  load<State>(streamId: string): Promise<Snapshot<State> | null>;
}

/**
 * Keeps one snapshot per stream (the latest wins; an older one never overwrites a newer).
 *
 * @example await snapshots.save({ streamId: 'run-1', version: 120, state, stateVersion: 1 });
 */
export class PostgresSnapshotStore implements SnapshotStore<EntityManager> {
  constructor(private readonly dataSource: DataSource) {}

  async save<State>(snapshot: Snapshot<State>, tx?: EntityManager): Promise<void> {
    await (tx ?? this.dataSource.manager).query(
      `INSERT INTO snapshots (stream_id, version, state, state_version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state,
         state_version = EXCLUDED.state_version, taken_at = now()
       WHERE snapshots.version < EXCLUDED.version OR snapshots.state_version <> EXCLUDED.state_version`,
      [snapshot.streamId, snapshot.version, JSON.stringify(snapshot.state), snapshot.stateVersion],
    );
  }

  async load<State>(streamId: string): Promise<Snapshot<State> | null> {
    const rows: Array<{ version: string; state: State; state_version: number }> = await this.dataSource.query(
      'SELECT version, state, state_version FROM snapshots WHERE stream_id = $1',
      [streamId],
    );
    const row = rows[0];
    return row ? { streamId, version: Number(row.version), state: row.state, stateVersion: row.state_version } : null;
  }
}
