import { DispositionRequest, EncounterAccepted, OverrideRequest } from '@baton/patient-triage-contracts';
import type { ApiRoute } from '@baton/http';

const notFound = { description: 'No such encounter in the caller’s tenant' };

/** The clinicians' writes as the OpenAPI document at `/docs` describes them; the vertical lists them after `TRIAGE_API_ROUTES`. */
export const TRIAGE_ACTION_ROUTES: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/encounters/{id}/override',
    summary: 'Re-level an assigned encounter: a new ESI with a reason code and a note',
    roles: ['clinician'],
    body: OverrideRequest,
    responses: {
      202: {
        description: 'Accepted: the run takes the override and publishes the new level',
        schema: EncounterAccepted,
      },
      400: {
        description:
          'Invalid body; or a level less urgent than the rules’ floor without secondReasonCode (rule required_below_floor), or a secondReasonCode at or above the floor (only_below_floor)',
      },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'The token lacks the clinician role' },
      404: notFound,
      409: {
        description:
          'The encounter is closed (ENCOUNTER_CLOSED), not assigned yet (ENCOUNTER_NOT_ASSIGNED: retry), or took its last override (ENCOUNTER_OVERRIDE_LIMIT)',
      },
    },
  },
  {
    method: 'post',
    path: '/v1/encounters/{id}/disposition',
    summary: 'Where the patient went (roomed, left without being seen, discharged): ends the encounter',
    roles: ['triage-nurse', 'clinician'],
    body: DispositionRequest,
    responses: {
      202: { description: 'Accepted: the run ends and the encounter leaves the board', schema: EncounterAccepted },
      400: { description: 'Invalid body; the field and rule are named' },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'The token lacks the triage-nurse and clinician roles' },
      404: notFound,
      409: { description: 'A disposition was given already (ENCOUNTER_CLOSED), or the encounter is not assigned yet' },
    },
  },
];
