import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { computeKpis, formatKpiTable, type KpiReport, type MeasuredKpiFigure } from '@baton/observability';
import { runIdFor } from '@baton/orchestration';
import { startTestVertical, type TestVertical } from '@baton/runtime/testing';
import { AuditKey, NewEvent, openStateStore, PostgresEventStore } from '@baton/state-store';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { ABDOMEN, CHEST_PAIN, encounterOf } from '../../../fixtures/encounters';
import { triageVertical } from '../triage.vertical';
import { TRIAGE_ASSESS_WORKFLOW_ID, TRIAGE_OVERRIDE_SIGNAL } from '../workflow/triage.workflow';
import type { TriageState } from '../workflow/triage-state';
import { triageKpis } from './triage-kpis';

/** One own figure of a report, by name and key. */
const figureOf = (report: KpiReport, name: string, key?: string): MeasuredKpiFigure | undefined =>
  report.verticals[0]?.figures.find((figure) => figure.name === name && figure.key === key);
const valuesBy = (report: KpiReport, name: string) =>
  Object.fromEntries(
    (report.verticals[0]?.figures ?? [])
      .filter((figure) => figure.name === name)
      .map((figure) => [figure.key, figure.value]),
  );

describe('triage KPIs from recorded events (real PostgreSQL, a hand-computed fixture)', () => {
  // Every figure asserted below is worked out in the comments, from these streams.
  const at = (plusMs: number) => new Date(Date.parse('2026-12-01T10:00:00Z') + plusMs).toISOString();
  const event = (type: string, data: unknown, plusMs: number): NewEvent => ({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    occurredAt: at(plusMs),
  });
  const started = (startMs: number, workflowId = TRIAGE_ASSESS_WORKFLOW_ID) =>
    event(
      'run.started',
      { workflowId, version: 1, startStep: 'pseudonymise', input: {}, state: {}, parent: null },
      startMs,
    );
  const step = (stepId: string, stateChanges: Record<string, unknown>, plusMs: number, visit = 1) =>
    event('run.step.completed', { stepId, visit, next: null, output: null, stateChanges }, plusMs);
  const assignment = (esi: number, rulesOnlyReason: string | null) => ({
    assignment: { esi, floor: esi, rulesOnly: rulesOnlyReason !== null, rulesOnlyReason, decidedBy: 'x' },
  });
  const override = (plusMs: number) =>
    event('run.signal.received', { signalId: randomUUID(), name: TRIAGE_OVERRIDE_SIGNAL, payload: {} }, plusMs);
  /** A run the rules or the model assigned `esi` to, its first TriageAssigned `afterMs` after its start. */
  const assigned = (startMs: number, esi: number, reason: string | null, afterMs: number, decidedBy = 'floor') => [
    started(startMs),
    step('pseudonymise', { scrubbed: {} }, startMs + 1),
    step(decidedBy, assignment(esi, reason), startMs + 2),
    step('announce', {}, startMs + afterMs),
  ];

  const streams: Record<string, NewEvent[]> = {
    // ESI 2 by the floor in 20 ms; overridden to ESI 1 later, which moves neither its level nor its time
    a: [
      ...assigned(0, 2, 'FLOOR_ESI_1_2', 20),
      override(5_000),
      step('awaitClinician', { ...assignment(1, 'FLOOR_ESI_1_2'), overrides: 1 }, 5_001),
      step('announce', {}, 5_002, 2),
    ],
    // ESI 1 by the floor in 40 ms
    b: assigned(60_000, 1, 'FLOOR_ESI_1_2', 40),
    // ESI 3 by the model in 200 ms; overridden twice
    c: [...assigned(120_000, 3, null, 200, 'guard'), override(130_000), override(140_000)],
    // ESI 3, the model's deadline passed: the rules' level in 600 ms
    d: assigned(180_000, 3, 'DEADLINE_PASSED', 600, 'rulesStand'),
    // ESI 4 by the model in 100 ms, stored with whole states (an older stream)
    h: [
      started(240_000),
      event(
        'run.step.completed',
        { stepId: 'guard', visit: 1, next: 'announce', output: null, state: { assignment: null, x: 1 } },
        240_001,
      ),
      event(
        'run.step.completed',
        { stepId: 'guard', visit: 1, next: 'announce', output: null, state: assignment(4, null) },
        240_050,
      ),
      event(
        'run.step.completed',
        { stepId: 'announce', visit: 1, next: null, output: null, state: assignment(4, null) },
        240_100,
      ),
    ],
    // failed before any assignment
    e: [started(300_000), event('run.failed', { stepId: 'floor', code: 'X', message: 'x' }, 300_010)],
    // in flight, not yet assigned: neither triaged nor ended
    f: [started(360_000), step('pseudonymise', { scrubbed: {} }, 360_001)],
    // outside the window (its end is exclusive)
    g: assigned(3_600_000, 2, 'FLOOR_ESI_1_2', 10),
    // another workflow's run
    x: [started(0, 'triage.other'), step('announce', {}, 5)],
  };

  let db: IsolatedSchema;
  let dataSource: DataSource;
  let report: KpiReport;

  beforeAll(async () => {
    db = await createIsolatedSchema('triage kpis');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 2 });
    const store = new PostgresEventStore(dataSource, AuditKey.from(randomBytes(32).toString('hex')));
    for (const [runId, events] of Object.entries(streams)) await store.append(runId, 'no_stream', events);
    report = await computeKpis(dataSource, {
      from: new Date('2026-12-01T10:00:00Z'),
      to: new Date('2026-12-01T11:00:00Z'),
      vertical: 'triage',
      infraCostPerStepUsd: 0,
      definitions: { triage: triageKpis },
    });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('measures time to triage per ESI level from the run’s start to its first TriageAssigned', () => {
    // assigned: a (ESI 2, 20 ms), b (1, 40), c (3, 200), d (3, 600), h (4, 100)
    expect(valuesBy(report, 'time-to-triage-p50-by-esi-ms')).toEqual({ '1': 40, '2': 20, '3': 400, '4': 100 });
    // ESI 3: 200 + 0.99 * 400
    const p99 = valuesBy(report, 'time-to-triage-p99-by-esi-ms');
    expect(p99).toMatchObject({ '1': 40, '2': 20, '4': 100 });
    expect(p99['3']).toBeCloseTo(596, 6);
    // ESI 1-2 together: 20, 40: 20 + 0.99 * 20 = 39.8, under 100
    expect(figureOf(report, 'time-to-triage-esi-1-2-p99-ms')).toMatchObject({
      band: { op: '<', limit: 100 },
      ok: true,
    });
    expect(figureOf(report, 'time-to-triage-esi-1-2-p99-ms')?.value).toBeCloseTo(39.8, 6);
    // all: 20, 40, 100, 200, 600: 200 + 0.96 * 400 = 584, not under 300
    expect(figureOf(report, 'time-to-triage-p99-ms')).toMatchObject({ band: { op: '<', limit: 300 }, ok: false });
    expect(figureOf(report, 'time-to-triage-p99-ms')?.value).toBeCloseTo(584, 6);
  });

  it('measures the share triaged, the rules-only share and why, and clinicians’ overrides', () => {
    // 5 assigned, 1 failed unassigned (f is still in flight): 5 / 6
    expect(figureOf(report, 'triaged-share')?.value).toBeCloseTo(5 / 6, 12);
    expect(figureOf(report, 'triaged-share')?.ok).toBe(false);
    // a, b, d of 5
    expect(figureOf(report, 'rules-only-share')?.value).toBeCloseTo(0.6, 12);
    expect(valuesBy(report, 'rules-only-share-by-reason')).toEqual({ DEADLINE_PASSED: 0.2, FLOOR_ESI_1_2: 0.4 });
    // a once, c twice; 2 of 5 assigned overridden
    expect(figureOf(report, 'overrides')?.value).toBe(3);
    expect(figureOf(report, 'overridden-share')?.value).toBeCloseTo(0.4, 12);
    const table = formatKpiTable(report);
    expect(table).toContain('| triage | time-to-triage-p50-by-esi-ms (esi 2) | 20 ms |  |  |');
    expect(table).toContain('| triage | time-to-triage-p99-ms | 584 ms | < 300 ms | ✗ |');
    expect(table).toContain('| triage | rules-only-share-by-reason (reason FLOOR_ESI_1_2) | 40.00% |  |  |');
  });

  it('reports nothing measured in an empty window', async () => {
    const empty = await computeKpis(db.pool, {
      schema: db.schema,
      from: new Date('2026-12-01T09:00:00Z'),
      to: new Date('2026-12-01T09:30:00Z'),
      infraCostPerStepUsd: 0,
      definitions: { triage: triageKpis },
    });
    expect(empty.verticals).toEqual([]);
  });
});

describe('triage KPIs of encounters triaged on the real services', () => {
  let running: TestVertical;
  let token: string;

  beforeAll(async () => {
    running = await startTestVertical(triageVertical, { suite: 'triage kpis live', env: { OUTSIDE_SEED: '42' } });
    token = await running.tokens.issue({ role: 'triage-nurse', tenant: 'acme' });
  });
  afterAll(() => running?.stop());

  const submit = async (body: unknown) => {
    const response = await fetch(`${running.url}/v1/encounters`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
    return runIdFor(TRIAGE_ASSESS_WORKFLOW_ID, 'acme', ((await response.json()) as { id: string }).id);
  };
  /** Start to the first `announce`, as the run's own stream recorded it. */
  const recordedTimeToTriage = async (runId: string) => {
    const stream = await running.events.readStream(runId);
    const start = stream.find((event) => event.type === 'run.started');
    const announce = stream.find(
      (event) => event.type === 'run.step.completed' && (event.data as { stepId: string }).stepId === 'announce',
    );
    return Date.parse(announce?.occurredAt ?? '') - Date.parse(start?.occurredAt ?? '');
  };

  it('reads the time to triage per ESI level, the rules-only share and the overrides from the vertical’s events', async () => {
    const from = new Date(Date.now() - 60_000);
    const chest = await submit(encounterOf(CHEST_PAIN));
    const abdomen = await submit(encounterOf(ABDOMEN));
    for (const runId of [chest, abdomen])
      await running.until(runId, (view) => (view.state as TriageState | null)?.assignment != null);
    await running.runs.signal(abdomen, TRIAGE_OVERRIDE_SIGNAL, { esi: 2, clinicianId: 'dr-1', reason: 'looks worse' });
    await running.until(abdomen, (view) => (view.state as TriageState | null)?.overrides === 1);

    const report = await computeKpis(running.dataSource, {
      from,
      to: new Date(Date.now() + 60_000),
      vertical: 'triage',
      infraCostPerStepUsd: 0,
      definitions: { triage: triageKpis },
    });
    // Chest pain is ESI 2 by the floor, abdominal pain ESI 3 by the model; one run per level, so
    // each level's p50 is that run's own time, as its stream recorded it.
    expect(valuesBy(report, 'time-to-triage-p50-by-esi-ms')).toEqual({
      '2': await recordedTimeToTriage(chest),
      '3': await recordedTimeToTriage(abdomen),
    });
    expect(figureOf(report, 'time-to-triage-esi-1-2-p99-ms')?.value).toBe(await recordedTimeToTriage(chest));
    expect(figureOf(report, 'triaged-share')).toMatchObject({ value: 1, ok: true });
    expect(figureOf(report, 'rules-only-share')?.value).toBe(0.5);
    expect(valuesBy(report, 'rules-only-share-by-reason')).toEqual({ FLOOR_ESI_1_2: 0.5 });
    expect(figureOf(report, 'overrides')?.value).toBe(1);
    expect(figureOf(report, 'overridden-share')?.value).toBe(0.5);

    // The API exports the trailing 15 minutes' figures on /metrics for the dashboard and alerts.
    const scraped = await (await fetch(`${running.url}/metrics`)).text();
    expect(scraped).toContain('baton_kpi_value{vertical="triage",figure="overrides",key=""} 1');
    expect(scraped).toContain(
      'baton_kpi_value{vertical="triage",figure="rules-only-share-by-reason",key="FLOOR_ESI_1_2"} 0.5',
    );
    expect(scraped).toMatch(/^baton_kpi_value\{vertical="triage",figure="time-to-triage-p99-by-esi-ms",key="2"\} \d/m);
    expect(scraped).toContain('baton_kpi_within_band{vertical="triage",figure="triaged-share",key=""} 1');
  });

  it('is the definition the vertical carries, so GET /kpi and npm run kpi report it', () => {
    expect(triageVertical.definition.kpis).toBe(triageKpis);
  });
});
