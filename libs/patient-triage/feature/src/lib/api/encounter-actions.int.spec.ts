// The clinicians' writes on the real PostgreSQL and RabbitMQ, through the vertical's own app:
// the override's floor rule, the disposition closing the run, both recorded in the run's events
// and in the encounter's access log.
import type { EncounterView } from '@baton/patient-triage-contracts';
import { runIdFor } from '@baton/orchestration';
import { recordAccessStreamId } from '@baton/state-store';
import { startTestVertical, type TestVertical } from '@baton/runtime/testing';
import { ABDOMEN, CHEST_PAIN, encounterOf } from '../../../fixtures/encounters';
import { triageVertical } from '../triage.vertical';
import { MAX_CLINICIAN_ACTIONS, TRIAGE_ASSESS_WORKFLOW_ID, TRIAGE_OVERRIDE_SIGNAL } from '../workflow/triage.workflow';
import type { TriageState } from '../workflow/triage-state';

describe("Clinicians' overrides and dispositions on the real services", () => {
  let running: TestVertical;
  let nurse: string;
  let clinician: string;
  let keys = 0;

  beforeAll(async () => {
    running = await startTestVertical(triageVertical, { suite: 'triage actions', env: { OUTSIDE_SEED: '42' } });
    nurse = await running.tokens.issue({ role: 'triage-nurse', tenant: 'acme', subject: 'rn-7' });
    clinician = await running.tokens.issue({ role: 'clinician', tenant: 'acme', subject: 'dr-3' });
  });
  afterAll(() => running?.stop());

  const post = (path: string, body: unknown, bearer: string, key?: string) =>
    fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
  const runOf = (id: string) => runIdFor(TRIAGE_ASSESS_WORKFLOW_ID, 'acme', id);
  /** A chest pain encounter (ESI 2 by the rules, the floor), submitted and assigned. */
  const assignedEncounter = async () => {
    const response = await post('/v1/encounters', encounterOf(CHEST_PAIN), nurse, `k-actions-${++keys}`);
    const { id } = (await response.json()) as { id: string };
    await running.until(runOf(id), (view) => (view.state as TriageState | null)?.assignment != null);
    return id;
  };
  const override = (id: string, body: unknown, bearer = clinician) =>
    post(`/v1/encounters/${id}/override`, body, bearer);
  const dispose = (id: string, body: unknown, bearer = nurse) => post(`/v1/encounters/${id}/disposition`, body, bearer);
  const read = async (id: string, bearer: string) =>
    (await (
      await fetch(`${running.url}/v1/encounters/${id}`, { headers: { authorization: `Bearer ${bearer}` } })
    ).json()) as EncounterView;
  const signalsOf = async (id: string) =>
    (await running.events.readStream(runOf(id)))
      .filter((event) => event.type === 'run.signal.received')
      .map((event) => event.data as { name: string; payload: Record<string, unknown> });
  const accessOf = async (id: string) =>
    (await running.events.readStream(recordAccessStreamId(id))).map((event) => event.data as Record<string, unknown>);
  /** Waits until the run has taken every signal sent so far (`overrides` counts them). */
  const overridesTaken = (id: string, count: number) =>
    running.until(runOf(id), (view) => (view.state as TriageState).overrides === count && view.status === 'waiting');

  it('takes an override more urgent than the floor, records its codes and re-publishes the level', async () => {
    const id = await assignedEncounter();
    const response = await override(id, { esi: 1, reasonCode: 'PATIENT_APPEARANCE', note: 'grey and sweating' });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ id, status: 'assigned', links: { self: `/v1/encounters/${id}` } });
    const run = await overridesTaken(id, 1);
    expect((run.state as TriageState).assignment).toMatchObject({ esi: 1, floor: 2, decidedBy: 'clinician' });
    expect(await signalsOf(id)).toEqual([
      {
        signalId: expect.any(String),
        name: TRIAGE_OVERRIDE_SIGNAL,
        payload: expect.objectContaining({
          esi: 1,
          reasonCode: 'PATIENT_APPEARANCE',
          clinicianId: 'dr-3',
          reason: 'grey and sweating',
        }),
      },
    ]);
    const view = await read(id, clinician);
    expect(view.assignment).toMatchObject({ esi: 1, decidedBy: 'clinician' });
  });

  it('refuses a level below the floor without a second reason (400 naming it), and takes it with one', async () => {
    const id = await assignedEncounter();
    const refused = await override(id, { esi: 4, reasonCode: 'VITALS_RECHECKED', note: 'repeat ECG normal' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({
      status: 400,
      errors: [{ field: 'secondReasonCode', rule: 'required_below_floor' }],
    });
    expect(await signalsOf(id)).toEqual([]);

    const taken = await override(id, {
      esi: 4,
      reasonCode: 'VITALS_RECHECKED',
      note: 'repeat ECG normal',
      secondReasonCode: 'SENIOR_APPROVED',
    });
    expect(taken.status).toBe(202);
    const run = await overridesTaken(id, 1);
    expect((run.state as TriageState).clinician).toMatchObject({
      esi: 4,
      reasonCode: 'VITALS_RECHECKED',
      secondReasonCode: 'SENIOR_APPROVED',
    });
    expect((await signalsOf(id)).map((signal) => signal.payload['secondReasonCode'])).toEqual(['SENIOR_APPROVED']);
  });

  it('refuses a second reason where the level is not below the floor', async () => {
    const id = await assignedEncounter();
    const response = await override(id, {
      esi: 2,
      reasonCode: 'NEW_HISTORY',
      note: 'same level',
      secondReasonCode: 'KNOWN_BASELINE',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'secondReasonCode', rule: 'only_below_floor' }] });
  });

  it('closes the encounter on its disposition; a second disposition and a later override are 409', async () => {
    const id = await assignedEncounter();
    const response = await dispose(id, { disposition: 'roomed' });
    expect(response.status).toBe(202);
    const run = await running.until(runOf(id), (view) => view.status === 'completed');
    expect((run.state as TriageState).disposition).toBe('roomed');
    expect((await signalsOf(id)).map((signal) => signal.payload)).toEqual([
      { disposition: 'roomed', clinicianId: 'rn-7' },
    ]);
    const view = await read(id, nurse);
    expect(view.status).toBe('closed');

    const again = await dispose(id, { disposition: 'discharged' }, clinician);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ status: 409, code: 'ENCOUNTER_CLOSED' });
    const late = await override(id, { esi: 1, reasonCode: 'EXAM_FINDING', note: 'too late' });
    expect(late.status).toBe(409);
    expect(await signalsOf(id)).toHaveLength(1);
  });

  it('refuses a disposition the API does not offer, naming the field', async () => {
    const id = await assignedEncounter();
    const response = await dispose(id, { disposition: 'admitted' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'disposition', rule: 'invalid_value' }] });
  });

  it('logs each write, allowed or refused, in the encounter’s access log', async () => {
    const id = await assignedEncounter();
    await override(id, { esi: 5, reasonCode: 'NEW_HISTORY', note: 'x' });
    await override(id, { esi: 1, reasonCode: 'NEW_HISTORY', note: 'worse' });
    await dispose(id, { disposition: 'left-without-being-seen' });
    expect(await accessOf(id)).toEqual([
      // The registration that started it, then the clinicians' writes in order.
      expect.objectContaining({ subject: 'rn-7', action: 'write', view: 'registration', outcome: 'allowed' }),
      expect.objectContaining({
        subject: 'dr-3',
        role: 'clinician',
        tenant: 'acme',
        action: 'write',
        view: 'override',
        outcome: 'refused',
        reason: expect.stringMatching(/^400 /),
      }),
      expect.objectContaining({ action: 'write', view: 'override', outcome: 'allowed' }),
      expect.objectContaining({ subject: 'rn-7', action: 'write', view: 'disposition', outcome: 'allowed' }),
    ]);
  });

  it("takes overrides up to the run's bound, then 409 (the run would fail on one more); a disposition still closes it", async () => {
    const id = await assignedEncounter();
    // Sent back to back: those that come while the run is busy are kept and taken in order.
    for (let sent = 1; sent <= MAX_CLINICIAN_ACTIONS; sent += 1) {
      const response = await override(id, { esi: sent % 2 === 0 ? 1 : 2, reasonCode: 'PAIN_REASSESSED', note: 'n' });
      expect(response.status).toBe(202);
    }
    await overridesTaken(id, MAX_CLINICIAN_ACTIONS);
    const refused = await override(id, { esi: 1, reasonCode: 'PAIN_REASSESSED', note: 'one more' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'ENCOUNTER_OVERRIDE_LIMIT' });
    expect((await dispose(id, { disposition: 'discharged' })).status).toBe(202);
    await running.until(runOf(id), (view) => view.status === 'completed');
  });

  it("seals the override's note under the patient's key: no plaintext in any stored event", async () => {
    const id = await assignedEncounter();
    const note = 'spoke with daughter Zelda Quixotic-Marsh on 555-0199';
    expect((await override(id, { esi: 1, reasonCode: 'NEW_HISTORY', note })).status).toBe(202);
    await overridesTaken(id, 1);
    const rows: Array<{ data: string }> = await running.dataSource.query(
      'SELECT data::text AS data FROM events WHERE stream_id = $1',
      [runOf(id)],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.data.includes('Zelda'))).toBe(false);
    expect((await signalsOf(id))[0]?.payload['reason']).toBe(note);
  });
});

describe("Clinicians' actions before triage has assigned a level (API only: no worker moves the run)", () => {
  let api: TestVertical;

  beforeAll(async () => {
    api = await startTestVertical(triageVertical, { suite: 'triage actions api only', role: 'api' });
  });
  afterAll(() => api?.stop());

  it('answers 409 ENCOUNTER_NOT_ASSIGNED to an override and a disposition, and sends no signal', async () => {
    const bearer = async (role: string) => `Bearer ${await api.tokens.issue({ role, tenant: 'acme' })}`;
    const post = async (path: string, body: unknown, role: string, key?: string) =>
      fetch(`${api.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: await bearer(role),
          'content-type': 'application/json',
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: JSON.stringify(body),
      });
    // Abdominal pain (ESI 3) waits for the EHR agent, which only a worker would answer.
    const { id } = (await (await post('/v1/encounters', encounterOf(ABDOMEN), 'triage-nurse', 'k-early')).json()) as {
      id: string;
    };
    const early = await post(
      `/v1/encounters/${id}/override`,
      { esi: 2, reasonCode: 'NEW_HISTORY', note: 'n' },
      'clinician',
    );
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ code: 'ENCOUNTER_NOT_ASSIGNED' });
    const gone = await post(
      `/v1/encounters/${id}/disposition`,
      { disposition: 'left-without-being-seen' },
      'triage-nurse',
    );
    expect(gone.status).toBe(409);
    const runId = runIdFor(TRIAGE_ASSESS_WORKFLOW_ID, 'acme', id);
    const signals = (await api.events.readStream(runId)).filter((event) => event.type === 'run.signal.received');
    expect(signals).toEqual([]);
    expect(((await api.runs.get(runId)).state as TriageState).assignment).toBeNull();
  });
});
