import type {
  BoardEntry,
  EncounterPatient,
  EncounterStatus,
  EncounterView,
  Registration,
} from '@baton/patient-triage-contracts';
import type { RunView } from '@baton/orchestration';
import { runFailure, RunResources, runSteps, type RunClient } from '@baton/runtime';
import type { DataSource } from 'typeorm';
import { TriageError } from '../errors';
import { TRIAGE_ASSESS_WORKFLOW_ID } from '../workflow/triage.workflow';
import type { TriageState } from '../workflow/triage-state';

/** Encounters as runs of `triage.assess`, found only within the caller's tenant (reads and writes share it). */
export function encounterResources(deps: { readonly runs: RunClient; readonly dataSource: DataSource }): RunResources {
  return new RunResources({
    runs: deps.runs,
    dataSource: deps.dataSource,
    workflowId: TRIAGE_ASSESS_WORKFLOW_ID,
    path: '/v1/encounters',
    noun: 'encounter',
    idPrefix: 'enc',
    notFound: (id) => new TriageError('ENCOUNTER_NOT_FOUND', `no encounter ${id}`),
  });
}

/** The roles that may see who the patient is (HIPAA's minimum necessary): only the treating clinician. */
export const IDENTIFIED_ROLES: readonly string[] = ['clinician'];

/** The API's link to one encounter. */
export const encounterLink = (id: string) => `/v1/encounters/${encodeURIComponent(id)}`;

/**
 * Where an encounter stands, from its run: `assigned` once `TriageAssigned` is out and the run
 * waits for clinicians, `closed` after the disposition, `failed` when the run ended otherwise.
 */
export function encounterStatus(run: RunView): EncounterStatus {
  const state = run.state as TriageState;
  if (run.status === 'completed') return 'closed';
  if (run.status === 'failed' || run.status === 'cancelled') return 'failed';
  if (state.assignment) return 'assigned';
  return run.history.some((entry) => entry.status === 'completed') ? 'in_progress' : 'received';
}

/**
 * The patient as a role may see them. A clinician gets the registration and the complaint as
 * written (null where the subject's key is erased: the sealed field then reads `[erased]`);
 * anyone else the age band and the tokenised text, which hold no identity.
 *
 * @example patientView(state, 'auditor') // { view: 'pseudonymous', ageBand: '40 to 64 years', complaint: { chiefComplaint: 'I am [NAME-1], chest pain', … } }
 */
export function patientView(state: TriageState, role: string): EncounterPatient {
  const ageBand = state.patient?.ageBand ?? null;
  if (!IDENTIFIED_ROLES.includes(role)) return { view: 'pseudonymous', ageBand, complaint: state.scrubbed };
  const { registration, complaint } = state.encounter as {
    registration: Registration | string;
    complaint: TriageState['encounter']['complaint'] | string;
  };
  return {
    view: 'identified',
    registration: typeof registration === 'object' ? registration : null,
    ageBand,
    complaint: typeof complaint === 'object' ? complaint : null,
  };
}

/** The fields a view shows, for the access log: the identified one names `registration`. */
export function encounterFields(view: Pick<EncounterView, 'patient'>): string[] {
  const patient =
    view.patient.view === 'identified' ? ['registration', 'complaint', 'ageBand'] : ['complaint.tokenised', 'ageBand'];
  return ['status', 'assignment', 'steps', ...patient];
}

/** `GET /v1/encounters/{id}` from the run, with the patient as the caller's role may see them. */
export function encounterView(id: string, run: RunView, role: string): EncounterView {
  const state = run.state as TriageState;
  return {
    id,
    encounterId: state.encounter.encounterId,
    status: encounterStatus(run),
    receivedAt: state.receivedAt,
    updatedAt: run.updatedAt,
    assignment: state.assignment,
    steps: runSteps(run),
    failure: runFailure(run),
    patient: patientView(state, role),
  };
}

/** One line of the board: the level, how long the patient has waited (at `now`), the patient by role. */
export function boardEntry(id: string, run: RunView, role: string, now: Date): BoardEntry {
  const state = run.state as TriageState;
  return {
    id,
    encounterId: state.encounter.encounterId,
    status: encounterStatus(run),
    esi: state.assignment?.esi ?? null,
    receivedAt: state.receivedAt,
    waitingSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(state.receivedAt)) / 1000)),
    patient: patientView(state, role),
    links: { self: encounterLink(id) },
  };
}

/**
 * The board's order: encounters not yet triaged first (their level is unknown, so they may be
 * the sickest), then by ESI (1 most urgent), then by arrival; the id settles ties.
 *
 * @example entries.sort(byUrgency)
 */
export function byUrgency(a: BoardEntry, b: BoardEntry): number {
  const level = (entry: BoardEntry) => entry.esi ?? 0;
  return level(a) - level(b) || a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id);
}
