import type { EsiLevel } from '@baton/patient-triage-contracts';
import { agreement, type AgreementFigures, type SyntheticArrival } from '@baton/patient-triage-feature';
import type { ArrivalRun } from './arrival-run';
import { latencyFigures, type LatencyFigures } from './latency-figures';
import { identifiersIn, type IdentifierKind } from './phi-scan';
import type { TriageRunRecord } from './triage-event-figures';
import type { NaiveTriageRun } from './triage-naive-pipeline';

/** Assigned levels grouped as the chart and the latency table show them. */
export const ESI_GROUPS = ['ESI 1-2', 'ESI 3', 'ESI 4-5'] as const;
export type EsiGroup = (typeof ESI_GROUPS)[number];
const groupOf = (esi: number): EsiGroup => (esi <= 2 ? 'ESI 1-2' : esi === 3 ? 'ESI 3' : 'ESI 4-5');

/** A labelled ESI 1-2 arrival assigned 3-5: the failure that must never happen. */
export interface UnderTriaged {
  readonly index: number;
  readonly caseId: string;
  readonly label: number;
  readonly assigned: number;
}

/** Where the PHI scan found an arrival's identifier. */
export interface PhiFinding {
  readonly index: number;
  readonly caseId: string;
  readonly where: 'model input' | 'model output' | 'event stream';
  readonly kinds: readonly IdentifierKind[];
}

/** Every figure of triage's demo report: the Markdown shows these and nothing else. */
export interface TriageDemoReport {
  readonly generatedAt: string;
  readonly options: {
    readonly size: number;
    readonly seed: number;
    readonly concurrency: number;
    readonly modelLatencyMs: number;
    readonly layout: string;
    readonly schema: string;
    readonly namespace: string;
  };
  /** The machine's cores and 1-minute load average when the demo began: latencies move with them. */
  readonly machine: { readonly cpus: number; readonly loadAverage1m: number };
  readonly tenant: string;
  /** What the report was read from: the runs and events of the tenant in the event store. */
  readonly source: { readonly runs: number; readonly events: number };
  readonly arrivals: {
    readonly total: number;
    readonly byLabel: Readonly<Record<string, number>>;
    readonly hard: number;
    readonly hardByTag: Readonly<Record<string, number>>;
    readonly identityInText: number;
    readonly accepted: number;
    readonly refused: number;
  };
  /** Labels against the levels the event store's runs announced. */
  readonly agreement: AgreementFigures;
  readonly underTriageEsi12: { readonly count: number; readonly cases: readonly UnderTriaged[] };
  /** Accepted arrivals with no announced assignment in the store, or a failed run. */
  readonly unassigned: number;
  readonly decidedBy: Readonly<Record<string, number>>;
  /**
   * From the store: `run.started` to `TriageAssigned` written (the announce step) and to it
   * published by the relay (the outbox row's `sent_at`), for ESI 1-2 and for all.
   */
  readonly timeToAssignment: {
    readonly writtenEsi12: LatencyFigures | null;
    readonly writtenAll: LatencyFigures | null;
    readonly publishedEsi12: LatencyFigures | null;
    readonly publishedAll: LatencyFigures | null;
  };
  /** POST to `TriageAssigned` consumed from RabbitMQ, by the client's clock, by the level assigned. */
  readonly latency: { readonly all: LatencyFigures | null } & Readonly<Record<EsiGroup, LatencyFigures | null>>;
  readonly rulesOnly: {
    readonly count: number;
    readonly share: number;
    readonly byReason: Readonly<Record<string, number>>;
  };
  readonly model: {
    readonly calls: number;
    /** One call per encounter, as the naive pipeline makes, less the calls Baton made. */
    readonly callsAvoided: number;
    /** Runs that never called the model, by why (`FLOOR_ESI_1_2`: the rules assigned at once; `GATE_REFUSED`). */
    readonly withoutCallByReason: Readonly<Record<string, number>>;
  };
  readonly phiScan: {
    readonly modelInputs: number;
    readonly modelOutputs: number;
    readonly streams: number;
    readonly events: number;
    /** Identifiers found, over all places scanned: must be 0. */
    readonly found: number;
    readonly findings: readonly PhiFinding[];
  };
  readonly naive: {
    readonly calls: number;
    readonly wallMs: number;
    readonly latency: LatencyFigures | null;
    readonly agreement: AgreementFigures;
    readonly underTriageEsi12: { readonly count: number; readonly cases: readonly UnderTriaged[] };
    /** Arrivals whose level came from an instruction in the text, not from the reading. */
    readonly injectionsFollowed: ReadonlyArray<{
      readonly index: number;
      readonly caseId: string;
      readonly label: number;
      readonly reading: number;
      readonly esi: number;
      readonly instructions: readonly string[];
      readonly effects: readonly string[];
    }>;
    readonly callsWithPhi: number;
    readonly phiKindsSent: Readonly<Record<IdentifierKind, number>>;
    readonly answersWithPhi: number;
  };
  readonly checks: {
    readonly noUnderTriageEsi12: boolean;
    readonly noPhiFound: boolean;
    readonly everyArrivalAssigned: boolean;
    readonly ok: boolean;
  };
  /** Client latencies (ms) by assigned level, for the chart. */
  readonly samples: Readonly<Record<EsiGroup, readonly number[]>>;
  readonly files: { readonly markdown: string; readonly json: string; readonly chart: string };
  wallMs: number;
}

export interface TriageReportInput {
  readonly options: TriageDemoReport['options'];
  readonly machine: TriageDemoReport['machine'];
  readonly arrivals: readonly SyntheticArrival[];
  readonly run: ArrivalRun;
  readonly runs: readonly TriageRunRecord[];
  readonly naive: NaiveTriageRun;
  readonly files: TriageDemoReport['files'];
}

const countBy = <T>(items: readonly T[], key: (item: T) => string | null): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const name = key(item);
    if (name !== null) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
};

const storeLatency = (
  assigned: ReadonlyArray<{ record: TriageRunRecord }>,
  field: 'assignedAfterMs' | 'publishedAfterMs',
  esi12Only: boolean,
) =>
  latencyFigures(
    assigned.flatMap(({ record }) =>
      record[field] !== null && (!esi12Only || (record.assignment?.esi ?? 9) <= 2) ? [record[field] as number] : [],
    ),
  );

const underTriaged = (pairs: readonly UnderTriaged[]) => {
  const cases = pairs.filter((pair) => pair.label <= 2 && pair.assigned >= 3);
  return { count: cases.length, cases };
};

/**
 * Triage's demo report: the levels, reasons, model calls and recorded inputs from the event
 * store's runs, joined to the arrivals' labels by encounter id; latencies from the client's
 * clock; the naive pipeline beside. Pure: the same inputs give the same report (but for `generatedAt`).
 */
export function buildTriageDemoReport(input: TriageReportInput): TriageDemoReport {
  const { arrivals, run, runs, naive } = input;
  const byEncounter = new Map(runs.map((record) => [record.encounterId, record]));
  const joined = arrivals.flatMap((arrival) => {
    const record = byEncounter.get(arrival.encounter.encounterId);
    return record ? [{ arrival, record }] : [];
  });
  const assigned = joined.filter(({ record }) => record.assignment !== null && !record.failed);
  const pairs = assigned.map(({ arrival, record }) => ({
    index: arrival.index,
    caseId: arrival.caseId,
    label: arrival.expectedEsi,
    assigned: record.assignment?.esi as EsiLevel,
  }));
  const accepted = run.records.filter((record) => record.httpStatus === 202).length;

  const findings: PhiFinding[] = [];
  for (const { arrival, record } of joined) {
    const scan = (where: PhiFinding['where'], texts: readonly string[]) => {
      const kinds = [...new Set(texts.flatMap((text) => identifiersIn(text, arrival.identity)))];
      if (kinds.length > 0) findings.push({ index: arrival.index, caseId: arrival.caseId, where, kinds });
    };
    scan('model input', record.modelInputs);
    scan('model output', record.modelOutputs);
    scan('event stream', [record.streamText]);
  }

  const clientLatency = new Map(
    run.records.flatMap((record) =>
      record.assignedAt === null || record.published === null
        ? []
        : [[record.index, { ms: record.assignedAt - record.submittedAt, esi: record.published.esi }] as const],
    ),
  );
  const samples = Object.fromEntries(
    ESI_GROUPS.map((group) => [
      group,
      [...clientLatency.values()].filter((item) => groupOf(item.esi) === group).map((item) => item.ms),
    ]),
  ) as Record<EsiGroup, number[]>;
  const rulesOnly = assigned.filter(({ record }) => record.assignment?.rulesOnly);
  const withoutCall = assigned.filter(({ record }) => record.modelCalls === 0);
  const modelCalls = runs.reduce((sum, record) => sum + record.modelCalls, 0);

  const naivePairs = naive.outcomes.map((outcome) => ({
    index: outcome.index,
    caseId: outcome.caseId,
    label: outcome.label as EsiLevel,
    assigned: outcome.esi as EsiLevel,
  }));
  const phiKindsSent = { name: 0, mrn: 0, dateOfBirth: 0, phone: 0 } as Record<IdentifierKind, number>;
  for (const outcome of naive.outcomes) for (const kind of outcome.phiSent) phiKindsSent[kind] += 1;

  const underTriageEsi12 = underTriaged(pairs);
  const unassigned = accepted - assigned.length;
  const checks = {
    noUnderTriageEsi12: underTriageEsi12.count === 0,
    noPhiFound: findings.length === 0,
    everyArrivalAssigned: unassigned === 0 && accepted === arrivals.length,
  };
  return {
    generatedAt: new Date().toISOString(),
    options: input.options,
    machine: input.machine,
    tenant: run.tenant,
    source: { runs: runs.length, events: runs.reduce((sum, record) => sum + record.events, 0) },
    arrivals: {
      total: arrivals.length,
      byLabel: countBy(arrivals, (arrival) => `ESI ${arrival.expectedEsi}`),
      hard: arrivals.filter((arrival) => arrival.hard.length > 0).length,
      hardByTag: countBy(
        arrivals.flatMap((arrival) => arrival.hard),
        (tag) => tag,
      ),
      identityInText: arrivals.filter((arrival) => arrival.identityInText).length,
      accepted,
      refused: run.records.length - accepted,
    },
    agreement: agreement(pairs),
    underTriageEsi12,
    unassigned,
    decidedBy: countBy(assigned, ({ record }) => record.assignment?.decidedBy ?? null),
    timeToAssignment: {
      writtenEsi12: storeLatency(assigned, 'assignedAfterMs', true),
      writtenAll: storeLatency(assigned, 'assignedAfterMs', false),
      publishedEsi12: storeLatency(assigned, 'publishedAfterMs', true),
      publishedAll: storeLatency(assigned, 'publishedAfterMs', false),
    },
    latency: {
      all: latencyFigures([...clientLatency.values()].map((item) => item.ms)),
      'ESI 1-2': latencyFigures(samples['ESI 1-2']),
      'ESI 3': latencyFigures(samples['ESI 3']),
      'ESI 4-5': latencyFigures(samples['ESI 4-5']),
    },
    rulesOnly: {
      count: rulesOnly.length,
      share: assigned.length === 0 ? 0 : rulesOnly.length / assigned.length,
      byReason: countBy(rulesOnly, ({ record }) => record.assignment?.rulesOnlyReason ?? 'none given'),
    },
    model: {
      calls: modelCalls,
      callsAvoided: accepted - modelCalls,
      withoutCallByReason: countBy(withoutCall, ({ record }) => record.assignment?.rulesOnlyReason ?? 'none given'),
    },
    phiScan: {
      modelInputs: joined.reduce((sum, { record }) => sum + record.modelInputs.length, 0),
      modelOutputs: joined.reduce((sum, { record }) => sum + record.modelOutputs.length, 0),
      streams: joined.length,
      events: joined.reduce((sum, { record }) => sum + record.events, 0),
      found: findings.reduce((sum, finding) => sum + finding.kinds.length, 0),
      findings,
    },
    naive: {
      calls: naive.outcomes.length,
      wallMs: naive.wallMs,
      latency: latencyFigures(naive.outcomes.map((outcome) => outcome.latencyMs)),
      agreement: agreement(naivePairs),
      underTriageEsi12: underTriaged(naivePairs),
      injectionsFollowed: naive.outcomes
        .filter((outcome) => outcome.obeyed.length > 0)
        .map((outcome) => ({
          index: outcome.index,
          caseId: outcome.caseId,
          label: outcome.label,
          reading: outcome.reading,
          esi: outcome.esi,
          instructions: outcome.obeyed.map((what) => what.instruction),
          // What it revealed is PHI (made up here, but a report is no place for it): counted, not shown.
          effects: outcome.obeyed.map((what) =>
            what.effect.startsWith('revealed')
              ? `revealed ${what.effect.split(',').length} identifier-like string(s)`
              : what.effect,
          ),
        })),
      callsWithPhi: naive.outcomes.filter((outcome) => outcome.phiSent.length > 0).length,
      phiKindsSent,
      answersWithPhi: naive.outcomes.filter((outcome) => outcome.phiInAnswer.length > 0).length,
    },
    checks: { ...checks, ok: checks.noUnderTriageEsi12 && checks.noPhiFound && checks.everyArrivalAssigned },
    samples,
    files: input.files,
    wallMs: 0,
  };
}
