import { Inject } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** The registry's billing as the agent sees it: one billable lookup per idempotency key. */
export interface LookupLedger {
  /** Records a lookup; true when this one is billable (its key was not seen before). */
  record(idempotencyKey: string, caseId: string): Promise<boolean>;
}

export const FLEET_LOOKUP_LEDGER = Symbol('fleet.lookup-ledger');
export const InjectLookupLedger = () => Inject(FLEET_LOOKUP_LEDGER);

/**
 * The ledger in the vertical's schema (`fleet_lookups`): however often a step's command is
 * delivered, its idempotency key bills once.
 */
export class SqlLookupLedger implements LookupLedger {
  constructor(private readonly dataSource: DataSource) {}

  async record(idempotencyKey: string, caseId: string): Promise<boolean> {
    const rows: Array<{ requests: number }> = await this.dataSource.query(
      `INSERT INTO fleet_lookups (idempotency_key, case_id) VALUES ($1, $2)
       ON CONFLICT (idempotency_key) DO UPDATE SET requests = fleet_lookups.requests + 1
       RETURNING requests`,
      [idempotencyKey, caseId],
    );
    return rows[0]?.requests === 1;
  }
}
