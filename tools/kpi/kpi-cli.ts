// npm run kpi -- [--from <instant>] [--to <instant>] [--vertical <short>] [--json] [--check]
// KPIs per vertical from the event store (default: the last 24 hours), each figure beside the
// seed's band with ✓ or ✗. --check exits 1 when any measured figure is outside its band.
// --vertical picks the vertical's schema and keeps only its runs; without it, every vertical with
// runs in that schema is reported. Reads DATABASE_URL, DATABASE_SCHEMA (default: the vertical's
// schema) and KPI_INFRA_COST_PER_STEP_USD (default 0.0005).
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { ConfigError } from '@baton/config';
import { computeKpis, figureLabel, formatKpiTable, kpiQuerySchema, kpiWindow, KpiReport } from '@baton/observability';
import { readToolVertical, runTool } from '../vertical-tool';
import { verticals } from '../verticals';

function outsideBands(report: KpiReport): string[] {
  return report.verticals.flatMap((kpis) =>
    [
      ['success rate', kpis.successRate.ok],
      ['latency p99', kpis.latencyMs.p99.ok],
      ['cost per transaction', kpis.costPerTransactionUsd.ok],
    ]
      .concat(kpis.figures.map((own) => [figureLabel(own), own.ok]))
      .filter(([, ok]) => ok === false)
      .map(([name]) => `${kpis.vertical}: ${name}`),
  );
}

function readFlags() {
  try {
    return parseArgs({
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        vertical: { type: 'string' },
        json: { type: 'boolean' },
        check: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new ConfigError('INVALID_CONFIGURATION', (error as Error).message);
  }
}

async function main(): Promise<void> {
  const values = readFlags();
  // Without --vertical every vertical with runs in the schema is reported, so any vertical's
  // configuration reads it (DATABASE_SCHEMA, else the first vertical's); naming none among
  // several verticals is not an error here.
  const { vertical, config } = readToolVertical(values.vertical ?? verticals[0]?.short);
  const filter = values.vertical === undefined ? undefined : vertical.name;
  const query = kpiQuerySchema.safeParse({ from: values.from, to: values.to, vertical: filter });
  if (!query.success) {
    throw new ConfigError(
      'INVALID_CONFIGURATION',
      query.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '),
    );
  }
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const report = await computeKpis(pool, {
      ...kpiWindow(query.data, new Date()),
      schema: config.DATABASE_SCHEMA,
      infraCostPerStepUsd: config.KPI_INFRA_COST_PER_STEP_USD,
      // Each vertical's own bands and figures, from its definition: the tool knows none itself.
      definitions: Object.fromEntries(
        verticals.flatMap((entry) =>
          entry.vertical.definition.kpis ? [[entry.vertical.name, entry.vertical.definition.kpis]] : [],
        ),
      ),
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

// A bad option already exits 1 here (as a configuration error), so an unknown vertical does too.
void runTool(main, 1);
