import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last version and hash of each stream, so deleting a stream's tail is detectable. */
@Entity({ name: 'stream_heads' })
export class StreamHeadEntity {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'bigint' })
  version!: string;

  @Column({ name: 'last_hash', type: 'char', length: 64 })
  lastHash!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
