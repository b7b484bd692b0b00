import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from 'rabbitmq-client';
import { LoanDecided } from '@baton/loan-underwriting-contracts';
import { loanVertical, syntheticPortfolio } from '@baton/loan-underwriting-feature';
import { queueFor } from '@baton/messaging';
import {
  createIsolatedSchema,
  IsolatedSchema,
  isolatedBrokerNames,
  IsolatedBrokerNames,
  testEnv,
} from '@baton/testing';
import { repoRoot } from '../workspace/workspace-paths';
import { runDemoCli, type DemoCliRun } from './demo-cli-process';
import type { DemoReport } from './demo-report';

const SIZE = 40;

describe('npm run demo -- --vertical loan (built CLI, real PostgreSQL and RabbitMQ)', () => {
  let db: IsolatedSchema;
  let names: IsolatedBrokerNames;
  let out: string;
  let run: DemoCliRun;
  let report: DemoReport;
  /** Runs of a tenant, by the first event of their stream. */
  const ofTenant = `stream_id IN (SELECT stream_id FROM events WHERE type = 'run.started' AND data->>'tenantId' = $1)`;
  const count = async (sql: string, tenant: string) => Number((await db.pool.query(sql, [tenant])).rows[0]?.count);

  beforeAll(async () => {
    db = await createIsolatedSchema('demo e2e');
    names = isolatedBrokerNames('demo e2e');
    // tmp/ is not in a fresh checkout.
    mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
    out = mkdtempSync(join(repoRoot, 'tmp', 'demo-e2e-'));
    run = runDemoCli(
      [
        // Loan's alone: triage's demo has its own e2e (triage-demo.e2e.spec.ts), and CI's time is short.
        '--vertical',
        'loan',
        '--size',
        String(SIZE),
        '--model-latency-ms',
        '20',
        '--out',
        out,
        '--schema',
        db.schema,
        '--namespace',
        names.prefix,
      ],
      { databaseUrl: db.databaseUrl, rabbitmqUrl: testEnv.rabbitmqUrl },
    );
    if (run.status === 0) report = JSON.parse(readFileSync(join(out, 'loan-demo-report.json'), 'utf8')) as DemoReport;
  });
  afterAll(async () => {
    await names?.cleanup();
    await db?.drop();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('runs the portfolio and prints the report on stdout, progress on stderr', () => {
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain('# Loan underwriting demo');
    expect(run.stderr).toMatch(/\[#{30}\] 40\/40/);
    expect(report.outcomes.total).toBe(SIZE);
  });

  it('counts decisions by who decided exactly as the event store records them', async () => {
    const rows = (
      await db.pool.query(
        `SELECT data->'state'->'decision'->>'decidedBy' AS decided_by, data->'state'->'decision'->>'outcome' AS outcome, count(*)::int AS count
           FROM events WHERE type = 'run.completed' AND ${ofTenant} GROUP BY 1, 2`,
        [report.tenants.main],
      )
    ).rows as Array<{ decided_by: string; outcome: string; count: number }>;
    const recorded = (decidedBy: string, outcome: string) =>
      rows.find((row) => row.decided_by === decidedBy && row.outcome === outcome)?.count ?? 0;
    expect({
      approved_by_scorecard: report.outcomes.approved_by_scorecard,
      declined_by_policy: report.outcomes.declined_by_policy,
      declined_by_scorecard: report.outcomes.declined_by_scorecard,
      referred_approved_by_underwriter: report.outcomes.referred_approved_by_underwriter,
      referred_declined_by_underwriter: report.outcomes.referred_declined_by_underwriter,
    }).toEqual({
      approved_by_scorecard: recorded('scorecard', 'approved'),
      declined_by_policy: recorded('policy', 'declined'),
      declined_by_scorecard: recorded('scorecard', 'declined'),
      referred_approved_by_underwriter: recorded('underwriter', 'approved'),
      referred_declined_by_underwriter: recorded('underwriter', 'declined'),
    });
    expect(report.outcomes.declined_by_policy).toBeGreaterThan(0);
    expect(
      report.outcomes.referred_approved_by_underwriter + report.outcomes.referred_declined_by_underwriter,
    ).toBeGreaterThan(0);
    expect(report.outcomes.failed + report.outcomes.undecided).toBe(0);
    expect(report.portfolio.asExpected).toBe(SIZE);
  });

  it('reports the model calls the event store holds, and none for a policy denial', async () => {
    expect(report.model.calls).toBe(
      await count(`SELECT count(*) FROM events WHERE type = 'run.model.called' AND ${ofTenant}`, report.tenants.main),
    );
    expect(report.comparison.gated.modelCalls).toBe(
      await count(
        `SELECT count(*) FROM events WHERE type = 'run.model.called' AND ${ofTenant}`,
        report.tenants.comparison,
      ),
    );
    const deniedWithCall = await count(
      `SELECT count(*) FROM events c
        WHERE c.type = 'run.completed' AND c.data->'state'->'decision'->>'decidedBy' = 'policy' AND c.${ofTenant}
          AND EXISTS (SELECT 1 FROM events m WHERE m.stream_id = c.stream_id AND m.type = 'run.model.called')`,
      report.tenants.main,
    );
    expect({ deniedWithCall, reported: report.policyGate.deniedWithModelCall, ok: report.policyGate.ok }).toEqual({
      deniedWithCall: 0,
      reported: 0,
      ok: true,
    });
    expect(report.model.callsAvoided).toBe(report.outcomes.declined_by_policy);
    expect(report.comparison.naive.modelCalls).toBe(SIZE - report.outcomes.rejected_malformed);
    expect(report.comparison.saved.calls).toBe(report.comparison.naive.modelCalls - report.comparison.gated.modelCalls);
    expect(report.comparison.gated.callsWithPersonalData).toBe(0);
    expect(report.comparison.naive.callsWithPersonalData).toBe(report.comparison.naive.modelCalls);
  });

  it('rejects exactly the malformed submissions with 400 and starts no run for them', async () => {
    const malformed = syntheticPortfolio({ seed: 42, size: SIZE }).filter((entry) => entry.kind === 'malformed').length;
    expect(report.outcomes.rejected_malformed).toBe(malformed);
    expect(
      await count(
        `SELECT count(*) FROM events WHERE type = 'run.started' AND data->>'tenantId' = $1`,
        report.tenants.main,
      ),
    ).toBe(SIZE - malformed);
  });

  it('writes the Markdown with its tables, the SVG chart and the JSON, and removes its queues', async () => {
    const markdown = readFileSync(join(out, 'loan-demo-report.md'), 'utf8');
    for (const heading of [
      '## Outcomes',
      '## The portfolio',
      '## Policy before the model',
      '## Model calls and cost',
      '## Latency',
      "## KPIs beside the seed's bands",
      "## Naive model-first vs Baton's gated pipeline",
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain(
      `| declined by the compliance policy (before any model call) | ${report.outcomes.declined_by_policy} |`,
    );
    expect(markdown).toContain(`| of them with a \`run.model.called\` event | 0 | ✓ |`);
    expect(markdown).toContain(
      `| model calls | ${report.comparison.naive.modelCalls} | ${report.comparison.gated.modelCalls} |`,
    );
    expect(markdown).toContain(`| model calls | ${report.model.calls} |`);
    expect(markdown).toContain('priced as openai:gpt-4o-mini');
    const svg = readFileSync(join(out, 'loan-latency.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    expect(existsSync(join(out, 'loan-demo-report.json'))).toBe(true);

    const connection = new Connection({ url: testEnv.rabbitmqUrl, retryLow: 100, retryHigh: 500 });
    connection.on('error', () => undefined);
    try {
      const queue = queueFor(loanVertical.topology(names.prefix), LoanDecided.type)?.name as string;
      await expect(connection.queueDeclare({ queue, passive: true })).rejects.toThrow(/NOT_FOUND|no queue/i);
    } finally {
      await connection.close();
    }
  });
});
