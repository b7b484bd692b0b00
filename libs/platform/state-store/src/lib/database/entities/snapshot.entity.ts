import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest folded state of a stream at a version. */
@Entity({ name: 'snapshots' })
export class SnapshotEntity {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'bigint' })
  version!: string;

  @Column({ type: 'jsonb' })
  state!: unknown;

  /** Version of the state's shape: a snapshot of another shape is ignored and rebuilt. */
  @Column({ name: 'state_version', type: 'integer' })
  stateVersion!: number;

  @Column({ name: 'taken_at', type: 'timestamptz' })
  takenAt!: Date;
}
