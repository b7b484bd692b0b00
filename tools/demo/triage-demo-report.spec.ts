import { syntheticArrivals, type SyntheticArrival } from '@baton/patient-triage-feature';
import type { ArrivalRun } from './arrival-run';
import { identifiersIn } from './phi-scan';
import { buildTriageDemoReport, type TriageReportInput } from './triage-demo-report';
import type { TriageRunRecord } from './triage-event-figures';

const arrivals = syntheticArrivals({ seed: 3, size: 12 });

function runOf(arrival: SyntheticArrival, overrides: Partial<TriageRunRecord> = {}): TriageRunRecord {
  const esi = arrival.expectedEsi;
  return {
    runId: `run-${arrival.index}`,
    encounterId: arrival.encounter.encounterId,
    startedAt: '2026-03-02T08:00:00.000Z',
    assignedAfterMs: esi <= 2 ? 0 : 40,
    publishedAfterMs: esi <= 2 ? 5 : 60,
    assignment: {
      esi,
      floor: esi,
      decidedBy: esi <= 2 ? 'rules' : 'model',
      decisionPoint: 'B',
      rulesOnly: esi <= 2,
      rulesOnlyReason: esi <= 2 ? 'FLOOR_ESI_1_2' : null,
      reasonCodes: [],
    },
    failed: false,
    modelCalls: esi <= 2 ? 0 : 1,
    gate: esi <= 2 ? null : 'allow',
    modelInputs: esi <= 2 ? [] : ['{"complaint":{"chiefComplaint":"chest pain [NAME-1]"}}'],
    modelOutputs: esi <= 2 ? [] : ['{"esi":3}'],
    streamText: '{}',
    events: 10,
    ...overrides,
  };
}

function input(runs: readonly TriageRunRecord[]): TriageReportInput {
  const run: ArrivalRun = {
    tenant: 'demo',
    records: arrivals.map((arrival) => ({
      index: arrival.index,
      httpStatus: 202,
      id: `enc-${arrival.index}`,
      submittedAt: 0,
      assignedAt: 10 * (arrival.index + 1),
      published: null,
    })),
    startedAt: new Date(0),
    endedAt: new Date(1),
    wallMs: 120,
    connectionRetries: 0,
  };
  return {
    options: { size: 12, seed: 3, concurrency: 4, modelLatencyMs: 0, layout: 'split', schema: 's', namespace: 'n' },
    machine: { cpus: 2, loadAverage1m: 1 },
    arrivals,
    run,
    runs,
    naive: { outcomes: [], wallMs: 0 },
    files: { markdown: 'm.md', json: 'm.json', chart: 'm.svg' },
  };
}

describe("triage's demo report", () => {
  it('holds its checks when every labelled level is met, and counts the rules-only reasons and calls avoided', () => {
    const report = buildTriageDemoReport(input(arrivals.map((arrival) => runOf(arrival))));
    const esi12 = arrivals.filter((arrival) => arrival.expectedEsi <= 2).length;
    expect(report.checks.ok).toBe(true);
    expect(report.agreement.exact).toBe(1);
    expect(report.rulesOnly.byReason).toEqual({ FLOOR_ESI_1_2: esi12 });
    expect(report.model).toMatchObject({ calls: 12 - esi12, callsAvoided: esi12 });
    expect(report.timeToAssignment.publishedEsi12).toMatchObject({ count: esi12, p50Ms: 5 });
  });

  it('fails its check when a labelled ESI 1-2 arrival is assigned 3-5, naming it', () => {
    const sick = arrivals.find((arrival) => arrival.expectedEsi === 2) as SyntheticArrival;
    const runs = arrivals.map((arrival) =>
      arrival === sick
        ? runOf(arrival, {
            assignment: { ...(runOf(arrival).assignment as NonNullable<TriageRunRecord['assignment']>), esi: 3 },
          })
        : runOf(arrival),
    );
    const report = buildTriageDemoReport(input(runs));
    expect(report.underTriageEsi12.cases).toEqual([{ index: sick.index, caseId: sick.caseId, label: 2, assigned: 3 }]);
    expect(report.checks).toMatchObject({ noUnderTriageEsi12: false, ok: false });
  });

  it("fails its check when an arrival's identifier is in a recorded model input, or a run never announced", () => {
    const leaked = arrivals.find((arrival) => arrival.expectedEsi >= 3) as SyntheticArrival;
    const runs = arrivals.map((arrival) =>
      arrival === leaked
        ? runOf(arrival, { modelInputs: [`{"complaint":"MRN ${arrival.identity.mrn}"}`] })
        : arrival.index === 0
          ? runOf(arrival, { assignment: null })
          : runOf(arrival),
    );
    const report = buildTriageDemoReport(input(runs));
    expect(report.phiScan.findings).toEqual([
      { index: leaked.index, caseId: leaked.caseId, where: 'model input', kinds: ['mrn'] },
    ]);
    expect(report.unassigned).toBe(1);
    expect(report.checks).toEqual({
      noUnderTriageEsi12: true,
      noPhiFound: false,
      everyArrivalAssigned: false,
      ok: false,
    });
  });
});

describe('identifiersIn', () => {
  const identity = {
    given: 'Zorix',
    family: 'Quelonkson',
    mrn: 'DEMO-0001234',
    dateOfBirth: '1961-04-09',
    phone: '+1 555 0142 1007',
  };

  it('finds a name, the MRN, the date of birth as people write it and the phone however spaced', () => {
    expect(identifiersIn('Patient: zorix', identity)).toEqual(['name']);
    expect(identifiersIn('mrn demo-0001234 seen', identity)).toEqual(['mrn']);
    expect(identifiersIn('born 4/9/1961', identity)).toEqual(['dateOfBirth']);
    expect(identifiersIn('born 09/04/1961', identity)).toEqual(['dateOfBirth']);
    expect(identifiersIn('call (555) 014-21007', identity)).toEqual(['phone']);
  });

  it('finds nothing in a token, a longer word or a longer number', () => {
    expect(identifiersIn('[NAME-1] [MRN-1] Zorixson 15550142100799 DEMO-00012345', identity)).toEqual([]);
  });
});
