import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { AuditKey, NewEvent, openStateStore, PostgresEventStore } from '@baton/state-store';
import { computeKpis } from './compute-kpis';
import { formatKpiTable } from './format-kpi-table';

// A hand-computed fixture: every figure asserted below is worked out in the comments.
const at = (time: string, plusMs = 0) => new Date(Date.parse(`2026-11-24T${time}Z`) + plusMs).toISOString();
const event = (type: string, data: unknown, occurredAt: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  occurredAt,
});
const started = (workflowId: string, time: string, parent: string | null = null) =>
  event(
    'run.started',
    {
      workflowId,
      version: 1,
      startStep: 'start',
      input: {},
      state: {},
      tenantId: 't-1',
      correlationId: 'c-1',
      parent: parent ? { runId: parent, stepId: 'child', visit: 1 } : null,
    },
    at(time),
  );
const stepsCompleted = (count: number, time: string) =>
  Array.from({ length: count }, (_, index) =>
    event(
      'run.step.completed',
      { stepId: `s${index}`, visit: 1, state: {}, next: null, output: {} },
      at(time, 1 + index),
    ),
  );
const decided = (intent: string, effect: string, time: string) =>
  event(
    'run.policy.decided',
    { stepId: 'gate', decision: { intent, effect, policyVersion: '1' }, permit: null },
    at(time, 1),
  );
const modelCalled = (costUsd: number, time: string) =>
  event(
    'run.model.called',
    {
      stepId: 'assess',
      call: { provider: 'deterministic', model: 'offline', usage: { inputTokens: 10, outputTokens: 5 }, costUsd },
    },
    at(time, 2),
  );
const completed = (outcome: 'completed' | 'failed', time: string, afterMs: number) =>
  event('run.completed', { outcome, state: {}, reason: null }, at(time, afterMs));
const failed = (time: string, afterMs: number) =>
  event('run.failed', { stepId: 's0', code: 'X', message: 'x' }, at(time, afterMs));

const runs: Record<string, NewEvent[]> = {
  // succeeded in 200 ms; 1 model call ($0.05), 3 steps
  r1: [
    started('loan.underwrite', '10:00:00'),
    decided('llm.invoke', 'allow', '10:00:00'),
    modelCalled(0.05, '10:00:00'),
    ...stepsCompleted(3, '10:00:00'),
    completed('completed', '10:00:00', 200),
  ],
  // a business decline is still a delivered result: succeeded in 100 ms; the gate denied the model: 1 call avoided; 2 steps
  r2: [
    started('loan.underwrite', '10:05:00'),
    decided('llm.invoke', 'deny', '10:05:00'),
    ...stepsCompleted(2, '10:05:00'),
    completed('completed', '10:05:00', 100),
  ],
  // failed in 400 ms; 1 model call ($0.10), 1 step; an event type this code does not know is ignored
  r3: [
    started('loan.underwrite', '10:10:00'),
    modelCalled(0.1, '10:10:00'),
    ...stepsCompleted(1, '10:10:00'),
    event('run.compensation.started', {}, at('10:10:00', 300)),
    failed('10:10:00', 400),
  ],
  // succeeded in 300 ms with a child run whose model call ($0.025) and 2 steps are its cost; 1 step of its own
  r4: [
    started('loan.underwrite', '10:15:00'),
    ...stepsCompleted(1, '10:15:00'),
    completed('completed', '10:15:00', 300),
  ],
  c4: [
    started('loan.kyc', '10:15:00.050', 'r4'),
    modelCalled(0.025, '10:15:00.050'),
    ...stepsCompleted(2, '10:15:00.050'),
    completed('completed', '10:15:00.050', 100),
  ],
  // in flight: 1 step
  r5: [started('loan.underwrite', '10:20:00'), ...stepsCompleted(1, '10:20:00')],
  // failed, retried, then succeeded 600 ms after it started; a deny of another intent avoids no model call; 2 steps
  r6: [
    started('loan.underwrite', '10:25:00'),
    decided('loan.notify', 'deny', '10:25:00'),
    failed('10:25:00', 50),
    event('run.retried', { epoch: 1 }, at('10:25:00', 60)),
    ...stepsCompleted(2, '10:25:00.100'),
    completed('completed', '10:25:00', 600),
  ],
  // cancelled; the model gate sent it to review and no model call followed: 1 call avoided
  r7: [
    started('loan.underwrite', '10:30:00'),
    decided('llm.invoke', 'review', '10:30:00'),
    event('run.cancelled', { reason: 'withdrawn' }, at('10:30:00', 10)),
  ],
  // outside the window (its end is exclusive)
  r8: [started('loan.underwrite', '11:00:00'), modelCalled(1, '11:00:00'), completed('completed', '11:00:00', 50)],
  // another vertical: succeeded in 50 ms, $0.02, 1 step
  t1: [
    started('triage.intake', '10:40:00'),
    modelCalled(0.02, '10:40:00'),
    ...stepsCompleted(1, '10:40:00'),
    completed('completed', '10:40:00', 50),
  ],
};

describe('computeKpis (real PostgreSQL, from the event store)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  const window = {
    from: new Date('2026-11-24T10:00:00Z'),
    to: new Date('2026-11-24T11:00:00Z'),
    infraCostPerStepUsd: 0.01,
  };

  beforeAll(async () => {
    db = await createIsolatedSchema('kpi rollup');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 2 });
    const store = new PostgresEventStore(dataSource, AuditKey.from(randomBytes(32).toString('hex')));
    for (const [runId, events] of Object.entries(runs)) await store.append(runId, 'no_stream', events);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('rolls up transactions, success, latency, cost and avoided model calls per vertical', async () => {
    const report = await computeKpis(dataSource, window);
    expect(report.verticals.map((kpis) => kpis.vertical)).toEqual(['loan', 'triage']);
    const [loan, triage] = report.verticals;
    // loan: r1..r7 (r8 is outside the window; c4 belongs to r4)
    expect(loan).toMatchObject({
      transactions: 7,
      succeeded: 4,
      failed: 1,
      cancelled: 1,
      inFlight: 1,
      modelCalls: 3,
      modelCallsAvoided: 2,
      stepsCompleted: 12,
    });
    // 4 / (4 + 1)
    expect(loan?.successRate).toEqual({ value: 0.8, band: { op: '>', limit: 0.995 }, ok: false });
    // latencies 100, 200, 300, 400, 600 ms: p50 300; p95 400 + 0.8 * 200 = 560; p99 400 + 0.96 * 200 = 592
    expect(loan?.latencyMs.p50).toBe(300);
    expect(loan?.latencyMs.p95).toBeCloseTo(560, 6);
    expect(loan?.latencyMs.p99.value).toBeCloseTo(592, 6);
    expect(loan?.latencyMs.p99.ok).toBe(false);
    // model $0.05 + $0.10 + $0.025 = $0.175; infrastructure 12 steps * $0.01 = $0.12; (0.175 + 0.12) / 7
    expect(loan?.modelCostUsd).toBe(0.175);
    expect(loan?.infraCostUsd).toBeCloseTo(0.12, 12);
    expect(loan?.costPerTransactionUsd.value).toBeCloseTo(0.295 / 7, 12);
    expect(loan?.costPerTransactionUsd.ok).toBe(true);
    expect(triage).toMatchObject({
      transactions: 1,
      succeeded: 1,
      failed: 0,
      inFlight: 0,
      modelCallsAvoided: 0,
      latencyMs: { p50: 50, p95: 50, p99: { value: 50, ok: true } },
    });
    expect(triage?.costPerTransactionUsd.value).toBeCloseTo(0.03, 12);
    expect(triage?.successRate.ok).toBe(true);
  });

  it('filters by vertical and by window, with the schema named explicitly on a plain pool', async () => {
    const onlyTriage = await computeKpis(db.pool, { ...window, vertical: 'triage', schema: db.schema });
    expect(onlyTriage.verticals.map((kpis) => [kpis.vertical, kpis.transactions])).toEqual([['triage', 1]]);
    const later = await computeKpis(dataSource, {
      ...window,
      from: new Date('2026-11-24T11:00:00Z'),
      to: new Date('2026-11-24T12:00:00Z'),
    });
    expect(later.verticals.map((kpis) => [kpis.vertical, kpis.transactions, kpis.modelCostUsd])).toEqual([
      ['loan', 1, 1],
    ]);
    const empty = await computeKpis(dataSource, {
      ...window,
      from: new Date('2026-11-25T00:00:00Z'),
      to: new Date('2026-11-26T00:00:00Z'),
    });
    expect(empty.verticals).toEqual([]);
  });

  it('prints each figure beside its band with ✓ or ✗', async () => {
    const table = formatKpiTable(await computeKpis(dataSource, window));
    expect(table).toContain('| loan | success rate | 80.00% | > 99.5% | ✗ |');
    expect(table).toContain('| loan | latency p99 | 592 ms | < 500 ms | ✗ |');
    expect(table).toContain('| loan | cost per transaction | $0.0421 | <= $0.25 | ✓ |');
    expect(table).toContain('| triage | success rate | 100.00% | > 99.5% | ✓ |');
    expect(table).toContain('| loan | model calls (avoided by policy) | 3 (2 avoided) |  |  |');
  });

  it('applies each vertical’s own bands and measures its own figures from its definition, none for the others', async () => {
    const report = await computeKpis(dataSource, {
      ...window,
      definitions: {
        triage: {
          bands: { latencyP99Ms: { op: '<', limit: 40 } },
          figures: [
            {
              name: 'runs-started',
              description: 'top-level and child runs started in the window',
              unit: 'count',
              band: { op: '>=', limit: 1 },
              sql: `SELECT count(*)::float8 AS value FROM {events}
                     WHERE type = 'run.started' AND data->>'workflowId' LIKE 'triage.%'
                       AND occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz`,
            },
            {
              name: 'runs-started-by-workflow',
              description: 'runs started in the window, by workflow (every vertical in this schema)',
              unit: 'count',
              by: 'workflow',
              sql: `SELECT data->>'workflowId' AS key, count(*)::float8 AS value FROM {events}
                     WHERE type = 'run.started'
                       AND occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz
                     GROUP BY 1`,
            },
          ],
        },
      },
    });
    const [loan, triage] = report.verticals;
    expect(loan?.figures).toEqual([]);
    expect(loan?.latencyMs.p99.band).toEqual({ op: '<', limit: 500 });
    expect(triage?.latencyMs.p99).toEqual({ value: 50, band: { op: '<', limit: 40 }, ok: false });
    expect(triage?.figures).toEqual([
      {
        name: 'runs-started',
        description: 'top-level and child runs started in the window',
        unit: 'count',
        value: 1,
        band: { op: '>=', limit: 1 },
        ok: true,
      },
      // r1..r7 (r8 is outside the window), r4's child c4, and t1
      ...[
        ['loan.kyc', 1],
        ['loan.underwrite', 7],
        ['triage.intake', 1],
      ].map(([key, value]) => ({
        name: 'runs-started-by-workflow',
        by: 'workflow',
        key,
        description: 'runs started in the window, by workflow (every vertical in this schema)',
        unit: 'count',
        value,
        band: null,
        ok: null,
      })),
    ]);
    expect(formatKpiTable(report)).toContain('| triage | runs-started | 1 | >= 1 | ✓ |');
    expect(formatKpiTable(report)).toContain(
      '| triage | runs-started-by-workflow (workflow loan.underwrite) | 7 |  |  |',
    );
  });
});
