import {
  DispositionRequest,
  OverrideRequest,
  type ClinicianDisposition,
  type ClinicianOverride,
  type EncounterAccepted,
  type EsiLevel,
} from '@baton/patient-triage-contracts';
import { overrideRuleProblems } from '@baton/patient-triage-domain';
import { parseWith, ProblemException, type Principal } from '@baton/http';
import type { RunView } from '@baton/orchestration';
import { RunResources, type RunClient } from '@baton/runtime';
import type { DataSource } from 'typeorm';
import { TriageError } from '../errors';
import { MAX_CLINICIAN_ACTIONS, TRIAGE_DISPOSITION_SIGNAL, TRIAGE_OVERRIDE_SIGNAL } from '../workflow/triage.workflow';
import type { TriageState } from '../workflow/triage-state';
import { encounterLink, encounterResources, encounterStatus } from './encounter-view';

/** What the encounter actions need: the run client, and the database the encounters' resources read. */
export interface EncounterActionsDependencies {
  readonly runs: RunClient;
  readonly dataSource: DataSource;
}

/**
 * The clinicians' writes on an encounter, behind a thin controller: an override (a new ESI level
 * with coded reasons) and the disposition that ends the run. Each is a signal to the encounter's
 * `triage.assess` run, found within the caller's tenant only (another tenant's is a 404).
 *
 * Both take an encounter once triage has assigned its level (409 `ENCOUNTER_NOT_ASSIGNED` before:
 * the floor an override is held to is not known yet, and a disposition kept until then would
 * leave the run triaging a patient who has gone) and until its disposition (409
 * `ENCOUNTER_CLOSED`). The checks read the run, then signal: two dispositions racing within one
 * worker turn may both be accepted, and the run takes the first (the second stays unconsumed).
 *
 * @example const accepted = await actions.override(principal, 'enc-…', { esi: 2, reasonCode: 'PATIENT_APPEARANCE', note: 'grey, sweating' });
 */
export class EncounterActionsService {
  private readonly encounters: RunResources;

  constructor(private readonly deps: EncounterActionsDependencies) {
    this.encounters = encounterResources(deps);
  }

  /**
   * Re-levels an assigned encounter. The body is parsed first (400 naming each field), then the
   * floor rule (`overrideRuleProblems`): below the rules' floor needs `secondReasonCode`. The
   * signal carries the clinician's subject from the token and the run's subject id, so the note
   * is sealed under the patient's key wherever the run stores it.
   */
  async override(principal: Principal, id: string, body: unknown): Promise<EncounterAccepted> {
    const run = await this.encounters.find(principal, id);
    const request = parseWith(OverrideRequest, body);
    const state = this.openAssigned(run, id);
    if (state.overrides >= MAX_CLINICIAN_ACTIONS) {
      throw new TriageError(
        'ENCOUNTER_OVERRIDE_LIMIT',
        `encounter ${id} took ${MAX_CLINICIAN_ACTIONS} overrides; it takes only a disposition now`,
      );
    }
    const floor = (state.floor?.level ?? state.assignment?.floor) as EsiLevel;
    const problems = overrideRuleProblems(floor, request);
    if (problems.length > 0) {
      throw new ProblemException({
        status: 400,
        title: 'Invalid request',
        detail: `The request body breaks the floor rule: ${problems.map((problem) => problem.field).join(', ')}.`,
        errors: problems,
      });
    }
    const signal: ClinicianOverride = {
      esi: request.esi,
      clinicianId: principal.subject,
      reason: request.note,
      reasonCode: request.reasonCode,
      ...(request.secondReasonCode ? { secondReasonCode: request.secondReasonCode } : {}),
      subjectId: state.subjectId,
    };
    await this.deps.runs.signal(run.runId, TRIAGE_OVERRIDE_SIGNAL, signal);
    return accepted(id, state);
  }

  /** Closes an assigned encounter: the run takes the disposition, ends, and the encounter leaves the board. */
  async disposition(principal: Principal, id: string, body: unknown): Promise<EncounterAccepted> {
    const run = await this.encounters.find(principal, id);
    const request = parseWith(DispositionRequest, body);
    const state = this.openAssigned(run, id);
    const signal: ClinicianDisposition = { disposition: request.disposition, clinicianId: principal.subject };
    await this.deps.runs.signal(run.runId, TRIAGE_DISPOSITION_SIGNAL, signal);
    return accepted(id, state);
  }

  /** The run's state, if clinicians may act on it now; otherwise the 409 that says why not. */
  private openAssigned(run: RunView, id: string): TriageState {
    const state = run.state as TriageState;
    const status = encounterStatus(run);
    if (status === 'closed' || status === 'failed' || state.disposition !== null) {
      throw new TriageError('ENCOUNTER_CLOSED', `encounter ${id} is closed: it takes no more clinician actions`);
    }
    if (status !== 'assigned') {
      throw new TriageError('ENCOUNTER_NOT_ASSIGNED', `encounter ${id} is not triaged yet: retry once it is assigned`);
    }
    return state;
  }
}

function accepted(id: string, state: TriageState): EncounterAccepted {
  return { id, encounterId: state.encounter.encounterId, status: 'assigned', links: { self: encounterLink(id) } };
}
