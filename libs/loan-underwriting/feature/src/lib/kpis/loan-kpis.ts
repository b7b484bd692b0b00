import type { KpiDefinition } from '@baton/observability';

/**
 * Loan's KPIs (`defineVertical({ kpis })`): the seed's bands for the shared figures (a decision in
 * under 500 ms at p99, at most $0.25 each, over 99.5% delivered), and the share of applications
 * referred to an underwriter, which the dashboard shows beside them.
 */
export const loanKpis: KpiDefinition = {
  bands: {
    costPerTransactionUsd: { op: '<=', limit: 0.25 },
    latencyP99Ms: { op: '<', limit: 500 },
    successRate: { op: '>', limit: 0.995 },
  },
  figures: [
    {
      name: 'referral-share',
      description: 'applications started in the window that were referred to an underwriter',
      unit: 'ratio',
      sql: `SELECT (count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM {events} step
                 WHERE step.stream_id = run.stream_id AND step.type = 'run.step.completed'
                   AND step.data->>'next' = 'awaitReview')))::float8 / nullif(count(*), 0) AS value
              FROM {events} run
             WHERE run.type = 'run.started' AND run.data->>'workflowId' LIKE 'loan.%'
               AND run.data->'parent'->>'runId' IS NULL
               AND run.occurred_at >= $1::timestamptz AND run.occurred_at < $2::timestamptz`,
    },
  ],
};
