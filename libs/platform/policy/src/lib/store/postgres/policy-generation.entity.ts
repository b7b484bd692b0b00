import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A single row counting activations. Engines read it before each decision (one indexed read) and
 * reload the active documents only when it moved: activation without a restart, no polling delay.
 *
 * @example await dataSource.getRepository(PolicyGenerationEntity).findOneBy({ singleton: true });
 */
@Entity({ name: 'policy_generation' })
export class PolicyGenerationEntity {
  @PrimaryColumn({ type: 'boolean' })
  singleton!: boolean;

  /** bigint as string: JavaScript numbers stop at 2^53. */
  @Column({ type: 'bigint' })
  generation!: string;
}
