// The vertical on the real PostgreSQL and RabbitMQ, through the same startVertical its app runs:
// the API, the relay, the agent over the broker, the policy engine and the deterministic model.
import { runIdFor } from '@baton/orchestration';
import { startTestVertical, type TestVertical } from '@baton/runtime/testing';
import { referenceRated } from '../../../fixtures/in-memory-fleet';
import { fleetVertical } from '../fleet.vertical';
import { FLEET_CASE_WORKFLOW_ID, FLEET_REVIEW_SIGNAL } from '../workflow/case.workflow';

describe('Fleet routing on the real services', () => {
  let running: TestVertical;
  let token: string;

  beforeAll(async () => {
    running = await startTestVertical(fleetVertical, { suite: 'fleet cases', env: { OUTSIDE_SEED: '42' } });
    token = await running.tokens.issue({ role: 'intake', tenant: 'acme' });
  });
  afterAll(() => running?.stop());

  const submit = (key: string | undefined, body: unknown) =>
    fetch(`${running.url}/v1/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body: JSON.stringify(body),
    });
  const read = async (caseId: string, bearer = token) =>
    fetch(`${running.url}/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${bearer}` } });
  const decided = (caseId: string) =>
    running.until(runIdFor(FLEET_CASE_WORKFLOW_ID, 'acme', caseId), (view) => view.status === 'completed');

  it('decides a submitted case end to end, and answers a retried submission with the first response', async () => {
    const body = { reference: await referenceRated((rating) => rating >= 80), value: 1_200, summary: 'Routine.' };
    const first = await submit('k-accept', body);
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { caseId: string };
    const again = await submit('k-accept', body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(accepted);
    await decided(accepted.caseId);
    const view = (await (await read(accepted.caseId)).json()) as { status: string; steps: Array<{ step: string }> };
    expect(view.status).toBe('accepted');
    expect(view.steps.map((entry) => entry.step)).toEqual(
      expect.arrayContaining(['lookup', 'gate', 'assess', 'announce']),
    );
  });

  it("waits for a reviewer on a referred case, and takes the reviewer's answer", async () => {
    const body = {
      reference: await referenceRated((rating) => rating >= 45 && rating < 65),
      value: 900,
      summary: 'Middling.',
    };
    const { caseId } = (await (await submit('k-refer', body)).json()) as { caseId: string };
    const runId = runIdFor(FLEET_CASE_WORKFLOW_ID, 'acme', caseId);
    await running.until(runId, (view) => view.status === 'waiting' && view.currentStep === 'awaitReview');
    expect(((await (await read(caseId)).json()) as { status: string }).status).toBe('referred');
    await running.runs.signal(runId, FLEET_REVIEW_SIGNAL, { outcome: 'reject', reviewerId: 'reviewer-1' });
    await decided(caseId);
    expect(await (await read(caseId)).json()).toMatchObject({
      status: 'rejected',
      decision: { decidedBy: 'reviewer' },
    });
  });

  it('refuses a submission without an Idempotency-Key, naming the header', async () => {
    const response = await submit(undefined, { reference: 'REF-1', value: 1, summary: 'x' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'header.Idempotency-Key', rule: 'required' }] });
  });

  it("does not show one tenant's case to another", async () => {
    const body = { reference: 'REF-1001', value: 10, summary: 'Mine.' };
    const { caseId } = (await (await submit('k-tenant', body)).json()) as { caseId: string };
    const other = await running.tokens.issue({ role: 'intake', tenant: 'globex' });
    expect((await read(caseId, other)).status).toBe(404);
  });
});
