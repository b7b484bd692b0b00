import type { DataSource } from 'typeorm';
import { UNDERWRITING_WORKFLOW_ID } from '@baton/loan-underwriting-feature';
import { runIdFor } from '@baton/orchestration';

/** The personal fields the `llm.invoke` decision must order redacted before a model sees the application. */
export const REDACTED_BEFORE_MODEL = [
  'application.applicant.firstName',
  'application.applicant.lastName',
  'application.applicant.ssn',
  'application.applicant.email',
  'application.applicant.dateOfBirth',
];

/** One underwriting run of a tenant, as its event stream records it. */
export interface RunRecord {
  readonly runId: string;
  readonly startedAt: string;
  /** The decision in the run's final state (`run.completed`), null while undecided. */
  readonly decision: {
    readonly outcome: 'approved' | 'declined';
    readonly decidedBy: string;
    readonly reasons: readonly string[];
  } | null;
  readonly failed: boolean;
  /** `run.model.called` events, and their recorded token counts and ledger cost. */
  readonly modelCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly ledgerCostUsd: number;
  /** The model calls' recorded latency, summed. */
  readonly modelMs: number;
  /** An underwriter's signal arrived. */
  readonly reviewed: boolean;
  /** Every `llm.invoke` decision of the run ordered the personal fields redacted (vacuously true without one). */
  readonly gateRedactedPersonalData: boolean;
  /** Billable credit bureau pulls for the run's application. */
  readonly bureauPulls: number;
}

interface Row {
  run_id: string;
  started_at: Date;
  decision: { outcome: 'approved' | 'declined'; decidedBy: string; reasons: Array<{ code: string }> } | null;
  failed: boolean;
  model_calls: number;
  input_tokens: string;
  output_tokens: string;
  ledger_cost: string;
  model_ms: string;
  reviewed: boolean;
  gate_obligations: Array<Array<{ type: string; fields?: string[] }>> | null;
}

/**
 * Every underwriting run a tenant started, read from the vertical's event store (never from the
 * demo's own bookkeeping), with the bureau's books beside it.
 *
 * @example const runs = await runRecords(stack.dataSource, 'loan_demo', 'demo', applicationIds);
 */
export async function runRecords(
  dataSource: DataSource,
  schema: string,
  tenant: string,
  applicationIds: readonly string[],
): Promise<RunRecord[]> {
  const rows: Row[] = await dataSource.query(
    `SELECT e.stream_id AS run_id,
            min(e.occurred_at) FILTER (WHERE e.type = 'run.started') AS started_at,
            (array_agg(e.data->'state'->'decision' ORDER BY e.version DESC) FILTER (WHERE e.type = 'run.completed'))[1] AS decision,
            bool_or(e.type = 'run.failed') AS failed,
            (count(*) FILTER (WHERE e.type = 'run.model.called'))::int AS model_calls,
            coalesce(sum((e.data->'call'->'usage'->>'inputTokens')::bigint) FILTER (WHERE e.type = 'run.model.called'), 0) AS input_tokens,
            coalesce(sum((e.data->'call'->'usage'->>'outputTokens')::bigint) FILTER (WHERE e.type = 'run.model.called'), 0) AS output_tokens,
            coalesce(sum((e.data->'call'->>'costUsd')::numeric) FILTER (WHERE e.type = 'run.model.called'), 0) AS ledger_cost,
            coalesce(sum((e.data->'call'->>'latencyMs')::numeric) FILTER (WHERE e.type = 'run.model.called'), 0) AS model_ms,
            bool_or(e.type = 'run.signal.received') AS reviewed,
            jsonb_agg(e.data->'decision'->'obligations') FILTER (WHERE e.type = 'run.policy.decided' AND e.data->'decision'->>'intent' = 'llm.invoke') AS gate_obligations
       FROM "${schema}".events e
      WHERE e.stream_id IN (SELECT stream_id FROM "${schema}".events WHERE type = 'run.started' AND data->>'tenantId' = $1 AND data->>'workflowId' = $2)
      GROUP BY e.stream_id`,
    [tenant, UNDERWRITING_WORKFLOW_ID],
  );
  const pulls = await bureauPullsByRun(dataSource, schema, tenant, applicationIds);
  return rows.map((row) => ({
    runId: row.run_id,
    startedAt: new Date(row.started_at).toISOString(),
    decision: row.decision
      ? {
          outcome: row.decision.outcome,
          decidedBy: row.decision.decidedBy,
          reasons: row.decision.reasons.map((reason) => reason.code),
        }
      : null,
    failed: row.failed,
    modelCalls: row.model_calls,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    ledgerCostUsd: Number(row.ledger_cost),
    modelMs: Number(row.model_ms),
    reviewed: row.reviewed,
    gateRedactedPersonalData: (row.gate_obligations ?? []).every((obligations) =>
      REDACTED_BEFORE_MODEL.every((field) =>
        obligations.some((obligation) => obligation.type === 'redact' && (obligation.fields ?? []).includes(field)),
      ),
    ),
    bureauPulls: pulls.get(row.run_id) ?? 0,
  }));
}

/** The run id of a tenant's application (the API derives it the same way). */
export function runIdOf(tenant: string, applicationId: string): string {
  return runIdFor(UNDERWRITING_WORKFLOW_ID, tenant, applicationId);
}

async function bureauPullsByRun(
  dataSource: DataSource,
  schema: string,
  tenant: string,
  applicationIds: readonly string[],
): Promise<Map<string, number>> {
  const rows: Array<{ application_id: string; pulls: number }> = await dataSource.query(
    `SELECT application_id, count(*)::int AS pulls FROM "${schema}".loan_bureau_pulls WHERE application_id = ANY($1) GROUP BY application_id`,
    [applicationIds],
  );
  return new Map(rows.map((row) => [runIdOf(tenant, row.application_id), row.pulls]));
}
