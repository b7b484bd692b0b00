import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One immutable version of one policy. `(policy_id, version)` is the key; one active version per policy.
 *
 * @example await dataSource.getRepository(PolicyVersionEntity).findBy({ status: 'active' });
 */
@Entity({ name: 'policy_versions' })
export class PolicyVersionEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'text' })
  policyId!: string;

  @PrimaryColumn({ type: 'text' })
  version!: string;

  /** The validated document without its table tests. */
  @Column({ type: 'jsonb' })
  document!: unknown;

  @Column({ name: 'document_hash', type: 'char', length: 64 })
  documentHash!: string;

  @Column({ type: 'text' })
  status!: 'active' | 'inactive';

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;
}
