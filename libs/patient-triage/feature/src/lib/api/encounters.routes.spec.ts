import { buildOpenApiDocument, routeKey, servedRoutes } from '@baton/http';
import { triageVertical } from '../triage.vertical';
import { TRIAGE_API_ROUTES } from './encounters.routes';

const api = triageVertical.definition.api as NonNullable<typeof triageVertical.definition.api>;

describe('the triage API document', () => {
  it('lists exactly the routes the controllers serve, with the same roles', () => {
    const documented = api.routes.map(routeKey).sort();
    expect(documented).toEqual(servedRoutes(api.controllers).map(routeKey).sort());
    expect(documented).toContain('post /v1/encounters/{id}/override clinician');
  });

  it('documents the patient block of both views, the board and the audit trail', () => {
    const document = JSON.stringify(buildOpenApiDocument({ title: 'triage', version: '1' }, TRIAGE_API_ROUTES));
    for (const expected of ['"identified"', '"pseudonymous"', 'waitingSeconds', 'firstProblem', '/v1/board'])
      expect(document).toContain(expected);
  });
});
