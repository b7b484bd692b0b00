import {
  BoardView,
  EncounterAccepted,
  EncounterAuditTrail,
  encounterSchema,
  EncounterView,
} from '@baton/patient-triage-contracts';
import type { ApiRoute } from '@baton/http';

/** Every route logs its access first: when the access log cannot be written, nothing is answered. */
const ACCESS_LOG_DOWN = { description: 'The access log could not be written, so nothing was done or shown' };

/** The encounters API as the OpenAPI document at `/docs` describes it, from the zod contracts the routes parse with. */
export const TRIAGE_API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/encounters',
    summary: 'Submit an encounter for triage',
    roles: ['triage-nurse'],
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        description:
          'Unique per encounter. The same key with the same body returns the first response; with another body, 409.',
      },
    ],
    body: encounterSchema,
    responses: {
      202: { description: 'Accepted: triage runs in the background', schema: EncounterAccepted },
      400: { description: 'Invalid body or missing Idempotency-Key; each bad field is named' },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'The token lacks the triage-nurse role' },
      409: { description: 'The Idempotency-Key was used with another body' },
      503: ACCESS_LOG_DOWN,
    },
  },
  {
    method: 'get',
    path: '/v1/encounters/{id}',
    summary:
      'Status, ESI, floor, decision point, reasons, citations, rulesOnly and why, the timeline; ' +
      'the registration and the complaint as written for a clinician only, the age band and tokenised text for others',
    roles: ['triage-nurse', 'clinician', 'auditor'],
    responses: {
      200: { description: 'The encounter; `patient.view` says which patient block it holds', schema: EncounterView },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'The token’s role may not read encounters' },
      404: { description: 'No such encounter in the caller’s tenant' },
      503: ACCESS_LOG_DOWN,
    },
  },
  {
    method: 'get',
    path: '/v1/encounters/{id}/audit',
    summary:
      'The encounter’s events (personal fields masked) and its access log, each with its hash-chain verification',
    roles: ['auditor'],
    responses: {
      200: { description: 'The audit trail', schema: EncounterAuditTrail },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'The token lacks the auditor role' },
      404: { description: 'No such encounter in the caller’s tenant' },
      503: ACCESS_LOG_DOWN,
    },
  },
  {
    method: 'get',
    path: '/v1/board',
    summary:
      'The tenant’s open encounters: not yet triaged first, then by ESI, then by arrival, with waiting times; ' +
      'the patient by role as on the encounter',
    roles: ['triage-nurse', 'clinician'],
    responses: {
      200: { description: 'The board', schema: BoardView },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'The token’s role may not read the board' },
      503: ACCESS_LOG_DOWN,
    },
  },
];
