import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One event of one stream, hash-chained to its predecessor. Written only by the event store. */
@Entity({ name: 'events' })
export class EventEntity {
  /** Global position (bigint as string: JavaScript numbers stop at 2^53). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  position!: string;

  /** `xid8` in the database (TypeORM has no such column type); read as text, never written. */
  @Column({ name: 'transaction_id', type: 'text', insert: false, update: false })
  transactionId!: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'bigint' })
  version!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'schema_version', type: 'integer' })
  schemaVersion!: number;

  @Column({ type: 'jsonb' })
  data!: unknown;

  @Column({ type: 'jsonb' })
  metadata!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
