import { FleetCase, FleetCaseAccepted, FleetCaseView } from '@baton/fleet-routing-contracts';
import type { ApiRoute } from '@baton/http';

/** The cases API as the OpenAPI document at `/docs` describes it, from the zod contracts the routes parse with. */
export const FLEET_API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/cases',
    summary: 'Submit a case',
    roles: ['intake'],
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        description:
          'Unique per case. The same key with the same body returns the first response; with another body, 409.',
      },
    ],
    body: FleetCase,
    responses: {
      202: { description: 'Accepted: the workflow runs in the background', schema: FleetCaseAccepted },
      400: { description: 'Invalid body or missing Idempotency-Key; each bad field is named' },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'The token lacks the intake role' },
      409: { description: 'The Idempotency-Key was used with another body' },
    },
  },
  {
    method: 'get',
    path: '/v1/cases/{id}',
    summary: 'Status, decision and steps so far',
    roles: ['intake', 'reviewer'],
    responses: {
      200: { description: 'The case', schema: FleetCaseView },
      401: { description: 'Missing or invalid bearer token' },
      404: { description: 'No such case in the caller’s tenant' },
    },
  },
];
