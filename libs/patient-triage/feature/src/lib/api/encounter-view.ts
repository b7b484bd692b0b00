import type { EncounterStatus, EncounterView } from '@baton/patient-triage-contracts';
import type { RunView } from '@baton/orchestration';
import { runFailure, runSteps } from '@baton/runtime';
import type { TriageState } from '../workflow/triage-state';

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

/** `GET /v1/encounters/{id}` from the run: the assignment and the steps, never the registration or the text. */
export function encounterView(id: string, run: RunView): EncounterView {
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
  };
}
