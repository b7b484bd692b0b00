import type { DataSource } from 'typeorm';

/**
 * The credit bureau's own books: every request is counted, and a pull is billable once per
 * idempotency key, as a real bureau does when the caller sends one. The crash test checks one
 * billable pull per application however often the agent was asked.
 */
export class BureauLedger {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a request for a pull; returns whether this one was the billable pull. */
  async recordRequest(idempotencyKey: string, applicationId: string): Promise<boolean> {
    const rows: Array<{ requests: number }> = await this.dataSource.query(
      `INSERT INTO loan_bureau_pulls (idempotency_key, application_id) VALUES ($1, $2)
       ON CONFLICT (idempotency_key) DO UPDATE SET requests = loan_bureau_pulls.requests + 1
       RETURNING requests`,
      [idempotencyKey, applicationId],
    );
    return rows[0]?.requests === 1;
  }

  /** Requests and billable pulls per application. */
  async usage(applicationId: string): Promise<{ requests: number; billablePulls: number }> {
    const rows: Array<{ requests: number; pulls: number }> = await this.dataSource.query(
      'SELECT coalesce(sum(requests), 0)::int AS requests, count(*)::int AS pulls FROM loan_bureau_pulls WHERE application_id = $1',
      [applicationId],
    );
    return { requests: rows[0]?.requests ?? 0, billablePulls: rows[0]?.pulls ?? 0 };
  }
}
