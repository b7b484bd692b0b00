import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from 'rabbitmq-client';
import { TriageAssigned } from '@baton/patient-triage-contracts';
import { syntheticArrivals, triageVertical } from '@baton/patient-triage-feature';
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
import { identifiersIn } from './phi-scan';
import type { TriageDemoReport } from './triage-demo-report';

// Small: the e2e tier runs near CI's limit. 24 arrivals still hold ESI 2 to 5 and hard cases.
const SIZE = 24;
const SEED = 42;

describe('npm run demo -- --vertical triage (built CLI, real PostgreSQL and RabbitMQ)', () => {
  let db: IsolatedSchema;
  let names: IsolatedBrokerNames;
  let out: string;
  let run: DemoCliRun;
  let report: TriageDemoReport;
  const query = async <T>(sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows as T[];
  /** Runs of the report's tenant, by the first event of their stream. */
  const ofTenant = `stream_id IN (SELECT stream_id FROM events WHERE type = 'run.started' AND data->>'tenantId' = $1)`;

  beforeAll(async () => {
    db = await createIsolatedSchema('triage demo e2e');
    names = isolatedBrokerNames('triage demo e2e');
    mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
    out = mkdtempSync(join(repoRoot, 'tmp', 'triage-demo-e2e-'));
    run = runDemoCli(
      [
        '--vertical',
        'triage',
        '--size',
        String(SIZE),
        '--seed',
        String(SEED),
        '--out',
        out,
        '--schema',
        db.schema,
        '--namespace',
        names.prefix,
        // One process and a short warm-up: the fastest shape (loan's e2e drives the split one).
        '--layout',
        'all',
        '--concurrency',
        '4',
      ],
      { databaseUrl: db.databaseUrl, rabbitmqUrl: testEnv.rabbitmqUrl },
    );
    if (run.status === 0)
      report = JSON.parse(readFileSync(join(out, 'triage-demo-report.json'), 'utf8')) as TriageDemoReport;
  });
  afterAll(async () => {
    await names?.cleanup();
    await db?.drop();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('posts the arrivals and prints the report on stdout, progress on stderr, with every check held', () => {
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain('# Patient triage demo');
    expect(run.stderr).toMatch(/\[#{30}\] 24\/24 24 assigned/);
    expect(report.checks).toEqual({
      noUnderTriageEsi12: true,
      noPhiFound: true,
      everyArrivalAssigned: true,
      ok: true,
    });
    expect(report.underTriageEsi12.count).toBe(0);
    expect(report.phiScan.found).toBe(0);
  });

  it('reads the levels it reports from the event store: runs, confusion matrix, who decided and why', async () => {
    const assigned = await query<{ encounter_id: string; esi: number; decided_by: string; reason: string | null }>(
      `SELECT s.data->'input'->'encounter'->>'encounterId' AS encounter_id,
              (a.data->'stateChanges'->'assignment'->>'esi')::int AS esi,
              a.data->'stateChanges'->'assignment'->>'decidedBy' AS decided_by,
              a.data->'stateChanges'->'assignment'->>'rulesOnlyReason' AS reason
         FROM events s JOIN events a ON a.stream_id = s.stream_id
        WHERE s.type = 'run.started' AND s.data->>'tenantId' = $1
          AND a.type = 'run.step.completed' AND a.data->'stateChanges' ? 'assignment'`,
      [report.tenant],
    );
    expect(report.source.runs).toBe(SIZE);
    expect(assigned).toHaveLength(SIZE);
    const labels = new Map(
      syntheticArrivals({ seed: SEED, size: SIZE, idPrefix: `demo-${SEED}` }).map((a) => [
        a.encounter.encounterId,
        a.expectedEsi,
      ]),
    );
    const confusion = [1, 2, 3, 4, 5].map((label) =>
      [1, 2, 3, 4, 5].map(
        (esi) => assigned.filter((row) => labels.get(row.encounter_id) === label && row.esi === esi).length,
      ),
    );
    expect(report.agreement.confusion).toEqual(confusion);
    const tally = (key: (row: (typeof assigned)[number]) => string | null) => {
      const counts: Record<string, number> = {};
      for (const row of assigned) {
        const name = key(row);
        if (name !== null) counts[name] = (counts[name] ?? 0) + 1;
      }
      return counts;
    };
    expect(report.decidedBy).toEqual(tally((row) => row.decided_by));
    expect(report.rulesOnly.byReason).toEqual(tally((row) => row.reason));
    // The sickest go by the rules, with no model call: so are the calls avoided.
    expect(report.rulesOnly.byReason['FLOOR_ESI_1_2']).toBeGreaterThan(0);
    const calls = (
      await query<{ count: number }>(
        `SELECT count(*)::int AS count FROM events WHERE type = 'run.model.called' AND ${ofTenant}`,
        [report.tenant],
      )
    )[0]?.count;
    expect(report.model.calls).toBe(calls);
    expect(report.model.callsAvoided).toBe(SIZE - (calls ?? 0));
    expect(report.timeToAssignment.publishedEsi12?.count).toBe(assigned.filter((row) => row.esi <= 2).length);
  });

  it("finds none of the arrivals' identifiers in any row of the schema, as the report says", async () => {
    const tables = await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
      [db.schema],
    );
    const rows: string[] = [];
    for (const { table_name } of tables)
      rows.push(
        ...(await query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`)).map(
          (item) => item.row,
        ),
      );
    const text = rows.join('\n');
    expect(text).toContain('triage.assigned');
    const arrivals = syntheticArrivals({ seed: SEED, size: SIZE, idPrefix: `demo-${SEED}` });
    const found = arrivals.flatMap((arrival) =>
      identifiersIn(text, { ...arrival.identity, dateOfBirth: '0000-00-00' }).map(
        (kind) => `${arrival.caseId} ${kind}`,
      ),
    );
    expect(found).toEqual([]);
    expect(report.phiScan.modelInputs).toBe(report.model.calls);
    expect(report.arrivals.identityInText).toBeGreaterThan(0);
  });

  it('runs the naive pipeline on the same arrivals: one call each, every one carrying the identifiers', () => {
    expect(report.naive.calls).toBe(SIZE);
    expect(report.naive.callsWithPhi).toBe(SIZE);
    expect(report.naive.phiKindsSent).toEqual({ name: SIZE, mrn: SIZE, dateOfBirth: SIZE, phone: SIZE });
    expect(report.model.calls).toBeLessThan(report.naive.calls);
  });

  it('writes the Markdown with its tables, the SVG chart and the JSON, and removes its queues', async () => {
    const markdown = readFileSync(join(out, 'triage-demo-report.md'), 'utf8');
    for (const heading of [
      '## Checks',
      '## Agreement with the labels',
      '## Time to assignment and latency',
      '## Rules only, and why',
      '## Model calls',
      '## PHI scan of the recorded prompts',
      '## A naive model-first pipeline on the same arrivals',
    ])
      expect(markdown).toContain(heading);
    expect(markdown).toContain('| labelled ESI 1-2 assigned ESI 3-5 (under-triage) | 0 | ✓ |');
    expect(markdown).toContain(`| model calls | ${SIZE} | ${report.model.calls} |`);
    const svg = readFileSync(join(out, 'triage-latency.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)?.length).toBeGreaterThanOrEqual(2);

    const connection = new Connection({ url: testEnv.rabbitmqUrl, retryLow: 100, retryHigh: 500 });
    connection.on('error', () => undefined);
    try {
      const queue = queueFor(triageVertical.topology(names.prefix), TriageAssigned.type)?.name as string;
      await expect(connection.queueDeclare({ queue, passive: true })).rejects.toThrow(/NOT_FOUND|no queue/i);
    } finally {
      await connection.close();
    }
  });
});
