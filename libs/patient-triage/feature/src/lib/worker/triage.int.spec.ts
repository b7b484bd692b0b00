// The vertical on the real PostgreSQL and RabbitMQ, through the same startVertical its app runs:
// the API, the relay, the EHR agent over the broker, the policy engine and the deterministic model.
import type { EncounterView } from '@baton/patient-triage-contracts';
import { runIdFor } from '@baton/orchestration';
import { startTestVertical, type TestVertical } from '@baton/runtime/testing';
import { ABDOMEN, CHEST_PAIN, encounterOf } from '../../../fixtures/encounters';
import { triageVertical } from '../triage.vertical';
import { TRIAGE_ASSESS_WORKFLOW_ID, TRIAGE_DISPOSITION_SIGNAL } from '../workflow/triage.workflow';
import type { TriageState } from '../workflow/triage-state';

describe('Patient triage on the real services', () => {
  let running: TestVertical;
  let token: string;

  beforeAll(async () => {
    running = await startTestVertical(triageVertical, { suite: 'triage encounters', env: { OUTSIDE_SEED: '42' } });
    token = await running.tokens.issue({ role: 'triage-nurse', tenant: 'acme' });
  });
  afterAll(() => running?.stop());

  const submit = (key: string | undefined, body: unknown) =>
    fetch(`${running.url}/v1/encounters`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body: JSON.stringify(body),
    });
  const read = async (id: string, bearer = token) =>
    fetch(`${running.url}/v1/encounters/${id}`, { headers: { authorization: `Bearer ${bearer}` } });
  const runOf = (id: string) => runIdFor(TRIAGE_ASSESS_WORKFLOW_ID, 'acme', id);
  const assignedRun = (id: string) =>
    running.until(runOf(id), (view) => (view.state as TriageState | null)?.assignment != null);

  it('triages a submitted encounter end to end, and answers a retried submission with the first response', async () => {
    const body = encounterOf(ABDOMEN);
    const first = await submit('k-abdomen', body);
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { id: string; encounterId: string };
    expect(accepted.encounterId).toBe(body.encounterId);
    const again = await submit('k-abdomen', body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(accepted);
    await assignedRun(accepted.id);
    const view = (await (await read(accepted.id)).json()) as EncounterView;
    expect(view).toMatchObject({ status: 'assigned', assignment: { esi: 3, floor: 3, decidedBy: 'model' } });
    expect(view.steps.map((entry) => entry.step)).toEqual(
      expect.arrayContaining(['gather', 'gate', 'propose', 'guard']),
    );
    expect(JSON.stringify(view)).not.toContain(body.registration.name.family);
  });

  /** The worker's count of model calls, as its metrics endpoint would show it. */
  const modelCallsCounted = async () => {
    const metric = await running.running.metrics.registry.getSingleMetric('baton_llm_calls_total')?.get();
    return (metric?.values ?? []).reduce((sum, value) => sum + value.value, 0);
  };

  it('assigns ESI 2 by the rules with no gate and no model, and closes on the disposition', async () => {
    const callsBefore = await modelCallsCounted();
    const { id } = (await (await submit('k-chest', encounterOf(CHEST_PAIN))).json()) as { id: string };
    const run = await assignedRun(id);
    expect((run.state as TriageState).assignment).toMatchObject({ esi: 2, decidedBy: 'rules', rulesOnly: true });
    expect(run.history.map((entry) => entry.stepId)).not.toEqual(expect.arrayContaining(['gate']));
    expect(await modelCallsCounted()).toBe(callsBefore);
    await running.runs.signal(runOf(id), TRIAGE_DISPOSITION_SIGNAL, {
      disposition: 'admitted',
      clinicianId: 'dr-1',
    });
    await running.until(runOf(id), (view) => view.status === 'completed');
    expect(((await (await read(id)).json()) as EncounterView).status).toBe('closed');
  });

  it('refuses a submission without an Idempotency-Key, naming the header', async () => {
    const response = await submit(undefined, encounterOf(ABDOMEN));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'header.Idempotency-Key', rule: 'required' }] });
  });

  it("does not show one tenant's encounter to another", async () => {
    const { id } = (await (await submit('k-tenant', encounterOf(ABDOMEN))).json()) as { id: string };
    const other = await running.tokens.issue({ role: 'triage-nurse', tenant: 'globex' });
    expect((await read(id, other)).status).toBe(404);
  });
});
