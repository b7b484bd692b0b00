import { EncounterAccepted, encounterSchema, EncounterView } from '@baton/patient-triage-contracts';
import type { ApiRoute } from '@baton/http';

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
    },
  },
  {
    method: 'get',
    path: '/v1/encounters/{id}',
    summary: 'Status, latest triage assignment and steps so far (no registration, no free text)',
    roles: ['triage-nurse', 'clinician', 'auditor'],
    responses: {
      200: { description: 'The encounter', schema: EncounterView },
      401: { description: 'Missing or invalid bearer token' },
      404: { description: 'No such encounter in the caller’s tenant' },
    },
  },
];
