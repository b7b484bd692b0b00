// npm run kpi -- [--from <instant>] [--to <instant>] [--vertical <name>] [--json] [--check]
// KPIs per vertical from the event store (default: the last 24 hours), each figure beside the
// seed's band with ✓ or ✗. --check exits 1 when any measured figure is outside its band.
// Reads DATABASE_URL, DATABASE_SCHEMA (default baton) and KPI_INFRA_COST_PER_STEP_USD (default 0.0005).
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { z } from 'zod';
import { ConfigError, loadConfig, platformEnvSchema, runMain } from '@baton/config';
import { computeKpis, formatKpiTable, kpiQuerySchema, kpiWindow, KpiReport } from '@baton/observability';

const schema = platformEnvSchema.extend({
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier')
    .default('baton'),
  KPI_INFRA_COST_PER_STEP_USD: z.coerce.number().nonnegative().default(0.0005),
});

function outsideBands(report: KpiReport): string[] {
  return report.verticals.flatMap((kpis) =>
    [
      ['success rate', kpis.successRate.ok],
      ['latency p99', kpis.latencyMs.p99.ok],
      ['cost per transaction', kpis.costPerTransactionUsd.ok],
    ]
      .filter(([, ok]) => ok === false)
      .map(([name]) => `${kpis.vertical}: ${name}`),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      vertical: { type: 'string' },
      json: { type: 'boolean' },
      check: { type: 'boolean' },
    },
  });
  const query = kpiQuerySchema.safeParse({ from: values.from, to: values.to, vertical: values.vertical });
  if (!query.success) {
    throw new ConfigError(
      'INVALID_CONFIGURATION',
      query.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '),
    );
  }
  const config = loadConfig(schema);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const report = await computeKpis(pool, {
      ...kpiWindow(query.data, new Date()),
      schema: config.DATABASE_SCHEMA,
      infraCostPerStepUsd: config.KPI_INFRA_COST_PER_STEP_USD,
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatKpiTable(report));
    const outside = outsideBands(report);
    if (values.check && outside.length > 0) {
      console.error(`kpi: outside the band: ${outside.join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await pool.end();
  }
}

void runMain(main);
