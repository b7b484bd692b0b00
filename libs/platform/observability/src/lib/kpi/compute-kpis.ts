import { figure, KpiReport, VerticalKpis } from './kpi-report';
import { bandsOf, measured, type KpiDefinition, type KpiBands } from './kpi-definition';

/**
 * Anything that runs SQL with positional parameters: a TypeORM `DataSource` (resolves to rows)
 * or a `pg` `Pool` (resolves to `{ rows }`).
 */
export interface SqlSource {
  query(text: string, parameters?: unknown[]): Promise<unknown>;
}

export interface KpiOptions {
  /** The vertical's schema; unqualified (the connection's `search_path`) when omitted. */
  readonly schema?: string;
  /** Start of the window (inclusive), by the run's `run.started` time. */
  readonly from: Date;
  /** End of the window (exclusive). */
  readonly to: Date;
  /** Only this vertical; every vertical with runs in the window otherwise. */
  readonly vertical?: string;
  /** Infrastructure cost charged for each completed step (compute, storage, messaging). */
  readonly infraCostPerStepUsd: number;
  /** Each vertical's bands and own figures, by vertical name (`defineVertical({ kpis })`). */
  readonly definitions?: Readonly<Record<string, KpiDefinition>>;
}

interface KpiRow {
  vertical: string;
  transactions: string;
  succeeded: string;
  failed: string;
  cancelled: string;
  in_flight: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  model_cost: string;
  steps: string;
  model_calls: string;
  avoided: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * KPIs per vertical and window from the event store itself (never one process's counters),
 * so every worker's runs count once and a replay gives the same figures.
 *
 * A transaction is a top-level run (`run.started` with no parent) started in the window; its
 * child runs' model calls and steps count towards its cost. Its status is its last terminal
 * event: `run.completed` with outcome `completed` succeeded (a business decline is still a
 * delivered result), `run.failed` or outcome `failed` failed, `run.cancelled` cancelled; a run
 * with none, or whose last one was followed by `run.retried`, is in flight. Percentiles are
 * continuous (linear interpolation).
 *
 * @example
 * const report = await computeKpis(dataSource, { from: new Date('2026-11-24T00:00Z'), to: new Date(), infraCostPerStepUsd: 0.0004 });
 * report.verticals[0]?.costPerTransactionUsd.ok; // true when at most $0.25
 */
export async function computeKpis(source: SqlSource, options: KpiOptions): Promise<KpiReport> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema))
    throw new RangeError(`not a schema name: ${options.schema}`);
  const events = options.schema ? `"${options.schema}".events` : 'events';
  const result = await source.query(kpiSql(events), [
    options.from.toISOString(),
    options.to.toISOString(),
    options.vertical ?? null,
  ]);
  const rows = rowsOf<KpiRow>(result);
  const verticals: VerticalKpis[] = [];
  for (const row of rows) {
    const definition = options.definitions?.[row.vertical];
    const figures = [];
    // A vertical's own figures, one statement each: few, and each written by the vertical for its events.
    for (const own of definition?.figures ?? []) {
      const found = rowsOf<{ key?: unknown; value: unknown }>(
        await source.query(own.sql.replaceAll('{events}', events), [
          options.from.toISOString(),
          options.to.toISOString(),
        ]),
      );
      if (own.by === undefined) figures.push(measured(own, numberOrNull(found[0]?.value)));
      else for (const row of byKey(found)) figures.push(measured(own, numberOrNull(row.value), String(row.key)));
    }
    verticals.push({ ...toVerticalKpis(row, options.infraCostPerStepUsd, bandsOf(definition)), figures });
  }
  return {
    from: options.from.toISOString(),
    to: options.to.toISOString(),
    infraCostPerStepUsd: options.infraCostPerStepUsd,
    verticals,
  };
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** A broken-down figure's rows in key order (`2` before `10`), whatever order its SQL chose. */
function byKey<Row extends { key?: unknown }>(rows: Row[]): Row[] {
  return rows
    .filter((row) => row.key !== null && row.key !== undefined)
    .sort((a, b) => String(a.key).localeCompare(String(b.key), 'en', { numeric: true }));
}

/** A TypeORM `DataSource` resolves to rows, a `pg` `Pool` to `{ rows }`. */
function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Row[];
}

function toVerticalKpis(row: KpiRow, infraCostPerStepUsd: number, bands: KpiBands): Omit<VerticalKpis, 'figures'> {
  const transactions = Number(row.transactions);
  const succeeded = Number(row.succeeded);
  const failed = Number(row.failed);
  const modelCostUsd = Number(row.model_cost);
  const stepsCompleted = Number(row.steps);
  const infraCostUsd = stepsCompleted * infraCostPerStepUsd;
  return {
    vertical: row.vertical,
    transactions,
    succeeded,
    failed,
    cancelled: Number(row.cancelled),
    inFlight: Number(row.in_flight),
    successRate: figure(succeeded + failed === 0 ? null : succeeded / (succeeded + failed), bands.successRate),
    latencyMs: { p50: row.p50, p95: row.p95, p99: figure(row.p99, bands.latencyP99Ms) },
    costPerTransactionUsd: figure(
      transactions === 0 ? null : (modelCostUsd + infraCostUsd) / transactions,
      bands.costPerTransactionUsd,
    ),
    modelCostUsd,
    infraCostUsd,
    stepsCompleted,
    modelCalls: Number(row.model_calls),
    modelCallsAvoided: Number(row.avoided),
  };
}

// $1 from, $2 to, $3 vertical or null. Unknown event types are ignored.
function kpiSql(events: string): string {
  return `
WITH RECURSIVE started AS (
  SELECT stream_id, occurred_at, data->>'workflowId' AS workflow_id, data->'parent'->>'runId' AS parent_run
    FROM ${events} WHERE type = 'run.started'
), members AS (
  SELECT stream_id AS run_id, stream_id AS root_id, workflow_id, occurred_at AS started_at
    FROM started
   WHERE parent_run IS NULL AND occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz
     AND ($3::text IS NULL OR split_part(workflow_id, '.', 1) = $3::text)
  UNION ALL
  SELECT child.stream_id, parent.root_id, parent.workflow_id, parent.started_at
    FROM started child JOIN members parent ON child.parent_run = parent.run_id
), last_terminal AS (
  SELECT DISTINCT ON (e.stream_id) e.stream_id, e.type, e.data->>'outcome' AS outcome, e.occurred_at
    FROM ${events} e JOIN members m ON m.run_id = e.stream_id AND m.run_id = m.root_id
   WHERE e.type IN ('run.completed', 'run.failed', 'run.cancelled', 'run.retried')
   ORDER BY e.stream_id, e.version DESC
), usage AS (
  SELECT m.root_id,
         coalesce(sum((e.data->'call'->>'costUsd')::numeric) FILTER (WHERE e.type = 'run.model.called'), 0) AS model_cost,
         count(*) FILTER (WHERE e.type = 'run.model.called') AS model_calls,
         count(*) FILTER (WHERE e.type = 'run.step.completed') AS steps,
         coalesce(bool_or(e.type = 'run.policy.decided'
                          AND e.data->'decision'->>'intent' = 'llm.invoke'
                          AND e.data->'decision'->>'effect' IN ('deny', 'review')), false) AS gated
    FROM members m
    LEFT JOIN ${events} e ON e.stream_id = m.run_id AND e.type IN ('run.model.called', 'run.step.completed', 'run.policy.decided')
   GROUP BY m.root_id
), runs AS (
  SELECT m.root_id,
         split_part(m.workflow_id, '.', 1) AS vertical,
         CASE
           WHEN t.type = 'run.completed' AND t.outcome = 'completed' THEN 'succeeded'
           WHEN t.type = 'run.failed' OR (t.type = 'run.completed' AND t.outcome = 'failed') THEN 'failed'
           WHEN t.type = 'run.cancelled' THEN 'cancelled'
           ELSE 'in_flight'
         END AS status,
         EXTRACT(EPOCH FROM (t.occurred_at - m.started_at)) * 1000 AS latency_ms,
         u.model_cost, u.model_calls, u.steps, u.gated
    FROM members m
    LEFT JOIN last_terminal t ON t.stream_id = m.root_id
    JOIN usage u ON u.root_id = m.root_id
   WHERE m.run_id = m.root_id
)
SELECT vertical,
       count(*) AS transactions,
       count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
       count(*) FILTER (WHERE status = 'failed') AS failed,
       count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
       count(*) FILTER (WHERE status = 'in_flight') AS in_flight,
       (percentile_cont(0.50) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status IN ('succeeded', 'failed')))::float8 AS p50,
       (percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status IN ('succeeded', 'failed')))::float8 AS p95,
       (percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status IN ('succeeded', 'failed')))::float8 AS p99,
       sum(model_cost) AS model_cost,
       sum(steps) AS steps,
       sum(model_calls) AS model_calls,
       count(*) FILTER (WHERE gated AND model_calls = 0) AS avoided
  FROM runs
 GROUP BY vertical
 ORDER BY vertical`;
}
