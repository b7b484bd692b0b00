import type { DataSource } from 'typeorm';
import { runIdFor } from '@baton/orchestration';
import { TRIAGE_ASSESS_WORKFLOW_ID } from '@baton/patient-triage-feature';

/** The assignment a run first announced (`TriageAssigned`), as its recorded state holds it. */
export interface RecordedAssignment {
  readonly esi: number;
  readonly floor: number;
  readonly decidedBy: string;
  readonly decisionPoint: string;
  readonly rulesOnly: boolean;
  readonly rulesOnlyReason: string | null;
  readonly reasonCodes: readonly string[];
}

/** One `triage.assess` run of a tenant, as its event stream records it. */
export interface TriageRunRecord {
  readonly runId: string;
  readonly encounterId: string;
  readonly startedAt: string;
  /** `run.started` to the `announce` step's completion (the outbox row of `TriageAssigned`), by the store's clock. */
  readonly assignedAfterMs: number | null;
  /** `run.started` to the relay publishing that `TriageAssigned` (the outbox row's `sent_at`): the time to assignment. */
  readonly publishedAfterMs: number | null;
  readonly assignment: RecordedAssignment | null;
  readonly failed: boolean;
  /** `run.model.called` events. */
  readonly modelCalls: number;
  /** The gate's effect (`llm.invoke`), null when the run never reached it (ESI 1-2 by the rules). */
  readonly gate: string | null;
  /**
   * What each model call was given, rebuilt from the recorded state at the call (the variables the
   * prompt renders: patient, scrubbed complaint, floor, EHR summary, guidelines), and its output.
   */
  readonly modelInputs: readonly string[];
  readonly modelOutputs: readonly string[];
  /** Every event of the run as stored, as text (sealed fields stay sealed): for the PHI scan. */
  readonly streamText: string;
  readonly events: number;
}

interface Row {
  stream_id: string;
  type: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

type State = Record<string, unknown>;

/** The variables `triage.assess`'s `propose` step renders, from the state it was given. */
function modelInputOf(state: State): unknown {
  const floor = state['floor'] as {
    level?: number;
    decisionPoint?: string;
    rule?: string;
    resources?: Array<{ kind: string }>;
  } | null;
  return {
    patient: state['patient'],
    complaint: state['scrubbed'],
    floor: floor
      ? {
          esi: floor.level,
          decisionPoint: floor.decisionPoint,
          rule: floor.rule,
          resources: (floor.resources ?? []).map((r) => r.kind),
        }
      : null,
    ehr: state['ehr'] ?? { available: false },
    guidelines: state['guidelines'] ?? [],
  };
}

/**
 * Every `triage.assess` run a tenant started, read from the vertical's event store (never from the
 * demo's own bookkeeping): the assignment each announced and when, the model calls with the
 * inputs rebuilt from the recorded state, the gate's effect, and the stream as text.
 *
 * @example const runs = await triageRunRecords(stack.dataSource, 'triage_demo', 'demo');
 */
export async function triageRunRecords(
  dataSource: DataSource,
  schema: string,
  tenant: string,
): Promise<TriageRunRecord[]> {
  const rows: Row[] = await dataSource.query(
    `SELECT e.stream_id, e.type, e.data, e.occurred_at
       FROM "${schema}".events e
      WHERE e.stream_id IN (SELECT stream_id FROM "${schema}".events
                             WHERE type = 'run.started' AND data->>'tenantId' = $1 AND data->>'workflowId' = $2)
      ORDER BY e.stream_id, e.version`,
    [tenant, TRIAGE_ASSESS_WORKFLOW_ID],
  );
  const sent: Array<{ encounter_id: string; sent_at: Date | null }> = await dataSource.query(
    `SELECT envelope->'payload'->>'encounterId' AS encounter_id, min(sent_at) AS sent_at
       FROM "${schema}".outbox
      WHERE envelope->>'type' = 'triage.assigned' AND envelope->>'tenantId' = $1
      GROUP BY 1`,
    [tenant],
  );
  const sentAt = new Map(sent.map((row) => [row.encounter_id, row.sent_at ? new Date(row.sent_at) : null]));
  const byRun = new Map<string, Row[]>();
  for (const row of rows) byRun.set(row.stream_id, [...(byRun.get(row.stream_id) ?? []), row]);
  return [...byRun.entries()].map(([runId, events]) => {
    const record = foldRun(runId, events);
    const published = sentAt.get(record.encounterId) ?? null;
    return {
      ...record,
      publishedAfterMs: published ? published.getTime() - Date.parse(record.startedAt) : null,
    };
  });
}

function foldRun(runId: string, events: readonly Row[]): Omit<TriageRunRecord, 'publishedAfterMs'> {
  let state: State = {};
  let startedAt: Date | null = null;
  let encounterId = '';
  let assignedAt: Date | null = null;
  let assignment: RecordedAssignment | null = null;
  let gate: string | null = null;
  let failed = false;
  const modelInputs: string[] = [];
  const modelOutputs: string[] = [];
  for (const event of events) {
    const data = event.data;
    if (event.type === 'run.started') {
      startedAt = new Date(event.occurred_at);
      state = { ...((data['state'] as State | undefined) ?? {}) };
      encounterId = String((data['input'] as { encounter?: { encounterId?: string } }).encounter?.encounterId ?? '');
    } else if (event.type === 'run.step.completed') {
      // A step records only the keys it changed, and those it dropped.
      state = { ...state, ...((data['stateChanges'] as State | undefined) ?? {}) };
      for (const key of (data['stateRemoved'] as string[] | undefined) ?? []) delete state[key];
      if (data['stepId'] === 'announce' && assignedAt === null) {
        assignedAt = new Date(event.occurred_at);
        assignment = assignmentOf(state['assignment']);
      }
    } else if (event.type === 'run.model.called') {
      modelInputs.push(JSON.stringify(modelInputOf(state)));
      modelOutputs.push(JSON.stringify((data['call'] as { output?: unknown }).output ?? null));
    } else if (event.type === 'run.policy.decided' && data['stepId'] === 'gate') {
      gate = String((data['decision'] as { effect?: string }).effect ?? '');
    } else if (event.type === 'run.failed') failed = true;
  }
  return {
    runId,
    encounterId,
    startedAt: (startedAt ?? new Date(0)).toISOString(),
    assignedAfterMs: assignedAt && startedAt ? assignedAt.getTime() - startedAt.getTime() : null,
    assignment,
    failed,
    modelCalls: modelInputs.length,
    gate,
    modelInputs,
    modelOutputs,
    streamText: events.map((event) => JSON.stringify(event.data)).join('\n'),
    events: events.length,
  };
}

function assignmentOf(value: unknown): RecordedAssignment | null {
  if (value === null || typeof value !== 'object') return null;
  const a = value as Record<string, unknown>;
  return {
    esi: Number(a['esi']),
    floor: Number(a['floor']),
    decidedBy: String(a['decidedBy']),
    decisionPoint: String(a['decisionPoint']),
    rulesOnly: a['rulesOnly'] === true,
    rulesOnlyReason: (a['rulesOnlyReason'] as string | null) ?? null,
    reasonCodes: ((a['reasons'] as Array<{ code?: string }> | undefined) ?? []).map((reason) => String(reason.code)),
  };
}

/** The run id of a tenant's encounter (the API derives it the same way). */
export function triageRunIdOf(tenant: string, id: string): string {
  return runIdFor(TRIAGE_ASSESS_WORKFLOW_ID, tenant, id);
}
