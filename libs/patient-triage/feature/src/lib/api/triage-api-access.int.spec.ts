// The 401/403/404 matrix over every route of the triage API, read from the vertical's own route
// list (the OpenAPI one, with each route's roles), so a route added later is covered without
// touching this file; encounters.routes.spec.ts holds that list equal to what the controllers serve.
import type { ApiRoute } from '@baton/http';
import { runIdFor } from '@baton/orchestration';
import { startTestVertical, type TestVertical } from '@baton/runtime/testing';
import { CHEST_PAIN, encounterOf } from '../../../fixtures/encounters';
import { triageVertical } from '../triage.vertical';
import { TRIAGE_ASSESS_WORKFLOW_ID } from '../workflow/triage.workflow';
import type { TriageState } from '../workflow/triage-state';

const api = triageVertical.definition.api as NonNullable<typeof triageVertical.definition.api>;
const routes = api.routes.filter((route) => !route.public);
const ROLES = triageVertical.definition.roles;
const name = (route: ApiRoute) => `${route.method.toUpperCase()} ${route.path}`;
const hasId = (route: ApiRoute) => route.path.includes('{id}');

/** A valid body for the routes that take one, so a 404 is about the encounter, not the body. */
const SAMPLE_BODIES: Readonly<Record<string, unknown>> = {
  'POST /v1/encounters': encounterOf(CHEST_PAIN),
  'POST /v1/encounters/{id}/override': { esi: 1, reasonCode: 'PATIENT_APPEARANCE', note: 'grey' },
  'POST /v1/encounters/{id}/disposition': { disposition: 'roomed' },
};

describe('Every triage route answers 401, 403 and 404 as its row says (real app)', () => {
  let running: TestVertical;
  let encounterId: string;
  const tokenFor = (role: string, tenant = 'acme') => running.tokens.issue({ role, tenant });

  beforeAll(async () => {
    running = await startTestVertical(triageVertical, { suite: 'triage api access', env: { OUTSIDE_SEED: '42' } });
    const response = await fetch(`${running.url}/v1/encounters`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenFor('triage-nurse')}`,
        'content-type': 'application/json',
        'idempotency-key': 'k-access-matrix',
      },
      body: JSON.stringify(encounterOf(CHEST_PAIN)),
    });
    encounterId = ((await response.json()) as { id: string }).id;
    await running.until(
      runIdFor(TRIAGE_ASSESS_WORKFLOW_ID, 'acme', encounterId),
      (view) => (view.state as TriageState | null)?.assignment != null,
    );
  });
  afterAll(() => running?.stop());

  const call = (route: ApiRoute, authorization?: string) =>
    fetch(`${running.url}${route.path.replace('{id}', encodeURIComponent(encounterId))}`, {
      method: route.method.toUpperCase(),
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(route.method === 'post' ? { 'content-type': 'application/json', 'idempotency-key': 'k-matrix-probe' } : {}),
      },
      ...(route.method === 'post' ? { body: JSON.stringify(SAMPLE_BODIES[name(route)] ?? {}) } : {}),
    });
  const expectProblem = async (response: Response, status: number) => {
    expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({
      status,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
  };

  it('reads a route list in which every route names its roles, the clinicians’ writes among them', () => {
    for (const route of routes) expect(route.roles?.length).toBeGreaterThan(0);
    expect(routes.map(name)).toEqual(
      expect.arrayContaining(['POST /v1/encounters/{id}/override', 'POST /v1/encounters/{id}/disposition']),
    );
  });

  describe.each(routes.map((route) => [name(route), route] as const))('%s', (_name, route) => {
    it('answers 401 with no token, a malformed one, and one signed with another key', async () => {
      const forged = `${(await tokenFor(route.roles?.[0] ?? 'clinician')).slice(0, -4)}AAAA`;
      for (const authorization of [undefined, 'Bearer not-a-token', `Bearer ${forged}`, 'Basic dXNlcjpwYXNz']) {
        await expectProblem(await call(route, authorization), 401);
      }
    });

    const refused = ROLES.filter((role) => !route.roles?.includes(role));
    if (refused.length > 0) {
      it.each(refused)(
        'answers 403 to the %s role, and logs the refusal when the route reads or changes an encounter',
        async (role) => {
          await expectProblem(await call(route, `Bearer ${await tokenFor(role)}`), 403);
          if (!hasId(route)) return;
          const refusals: Array<{ data: Record<string, unknown> }> = await running.dataSource.query(
            `SELECT data FROM events WHERE stream_id = $1 AND data->>'role' = $2 AND data->>'outcome' = 'refused'`,
            [`access:record:${encounterId}`, role],
          );
          expect(refusals.map((row) => row.data)).toContainEqual(
            expect.objectContaining({ tenant: 'acme', reason: '403 Forbidden', recordIds: [encounterId] }),
          );
        },
      );
    }

    if (hasId(route)) {
      it.each([...(route.roles ?? [])])("answers 404 to another tenant's %s", async (role) => {
        await expectProblem(await call(route, `Bearer ${await tokenFor(role, 'globex')}`), 404);
      });
    }
  });

  it('left the encounter as it was: no refused request reached its run', async () => {
    const run = await running.runs.get(runIdFor(TRIAGE_ASSESS_WORKFLOW_ID, 'acme', encounterId));
    expect(run.status).toBe('waiting');
    expect(run.state as TriageState).toMatchObject({ overrides: 0, disposition: null });
  });
});
