// The read side of the triage API on the real PostgreSQL and RabbitMQ, through the same
// startVertical the app runs: PHI by role, the board, the audit route, and the access log
// appended for every read and write (and the answer withheld when it cannot be).
import type { BoardView, EncounterAuditTrail, EncounterView } from '@baton/patient-triage-contracts';
import { runIdFor } from '@baton/orchestration';
import { startTestVertical, type TestVertical } from '@baton/runtime/testing';
import { AccessLog, PostgresEventStore, type RecordedAccess } from '@baton/state-store';
import { ANKLE, CHEST_PAIN, ABDOMEN, encounterOf } from '../../../fixtures/encounters';
import { phiEncounter } from '../../../fixtures/phi-encounters';
import { triageVertical } from '../triage.vertical';
import { TRIAGE_ASSESS_WORKFLOW_ID } from '../workflow/triage.workflow';
import type { TriageState } from '../workflow/triage-state';

describe('the triage API’s reads and their access log (real services)', () => {
  let running: TestVertical;
  let accessLog: AccessLog;
  const tokens: Record<string, string> = {};
  const token = async (role: string, tenant = 'acme') =>
    (tokens[`${role}@${tenant}`] ??= await running.tokens.issue({ role, tenant, subject: `${role}-1` }));

  beforeAll(async () => {
    running = await startTestVertical(triageVertical, { suite: 'triage api reads', env: { OUTSIDE_SEED: '42' } });
    accessLog = new AccessLog(new PostgresEventStore(running.dataSource, running.auditKey));
  });
  afterAll(() => running?.stop());

  const call = async (path: string, role: string, tenant = 'acme', init: RequestInit = {}) =>
    fetch(`${running.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${await token(role, tenant)}`, 'content-type': 'application/json' },
    });
  let keys = 0;
  const post = async (body: unknown, key: string, tenant = 'acme') =>
    fetch(`${running.url}/v1/encounters`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token('triage-nurse', tenant)}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    });
  const submit = async (body: unknown, tenant = 'acme') => {
    const response = await post(body, `reads-${++keys}`, tenant);
    expect(response.status).toBe(202);
    return ((await response.json()) as { id: string }).id;
  };
  const assigned = (id: string, tenant = 'acme') =>
    running.until(
      runIdFor(TRIAGE_ASSESS_WORKFLOW_ID, tenant, id),
      (view) => (view.state as TriageState | null)?.assignment != null,
    );
  const accesses = (id: string): Promise<RecordedAccess[]> => accessLog.readRecord(id);

  describe('GET /v1/encounters/{id}', () => {
    const { encounter, secrets } = phiEncounter(1);
    const { given, family } = encounter.registration.name;
    let id: string;

    beforeAll(async () => {
      id = await submit(encounter);
      await assigned(id);
    });

    it('shows a clinician the registration and the complaint as written', async () => {
      const response = await call(`/v1/encounters/${id}`, 'clinician');
      expect(response.status).toBe(200);
      const view = (await response.json()) as EncounterView;
      expect(view).toMatchObject({
        status: 'assigned',
        assignment: { esi: expect.any(Number), floor: expect.any(Number), rulesOnly: expect.any(Boolean) },
        patient: {
          view: 'identified',
          registration: { name: { given, family }, mrn: encounter.registration.mrn },
          complaint: encounter.complaint,
        },
      });
      expect(view.steps.length).toBeGreaterThan(0);
    });

    it.each(['triage-nurse', 'auditor'])('shows a %s the age band and tokens, no identity', async (role) => {
      const response = await call(`/v1/encounters/${id}`, role);
      expect(response.status).toBe(200);
      const body = await response.text();
      for (const secret of secrets) expect(body).not.toContain(secret);
      const view = JSON.parse(body) as EncounterView;
      expect(view.patient).toMatchObject({ view: 'pseudonymous', ageBand: '40 to 64 years' });
      expect(view.patient.complaint?.chiefComplaint).toMatch(/\[NAME-\d+\]/);
    });

    it('logs every read and the submission, naming the role and the fields shown', async () => {
      const log = await accesses(id);
      expect(log[0]).toMatchObject({ action: 'write', view: 'registration', role: 'triage-nurse', outcome: 'allowed' });
      const reads = log.filter((entry) => entry.action === 'read' && entry.view === 'encounter');
      expect(reads.map((entry) => entry.role)).toEqual(
        expect.arrayContaining(['clinician', 'triage-nurse', 'auditor']),
      );
      expect(reads.find((entry) => entry.role === 'clinician')?.fields).toContain('registration');
      expect(reads.find((entry) => entry.role === 'triage-nurse')?.fields).not.toContain('registration');
      expect(JSON.stringify(log)).not.toContain(family);
    });

    it('logs a refused read of another tenant’s encounter, with why', async () => {
      expect((await call(`/v1/encounters/${id}`, 'clinician', 'globex')).status).toBe(404);
      expect((await accesses(id)).at(-1)).toMatchObject({
        tenant: 'globex',
        role: 'clinician',
        outcome: 'refused',
        reason: expect.stringMatching(/^404/),
      });
    });

    it('answers 503 and shows nothing when the access event cannot be stored', async () => {
      const retriedBody = encounterOf(ANKLE);
      await running.dataSource.query(`CREATE FUNCTION refuse_access() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'access log down'; END $$`);
      await running.dataSource.query(`CREATE TRIGGER refuse_access BEFORE INSERT ON events FOR EACH ROW
        WHEN (NEW.type = 'baton.access.recorded') EXECUTE FUNCTION refuse_access()`);
      try {
        for (const path of [`/v1/encounters/${id}`, '/v1/board']) {
          const response = await call(path, 'clinician');
          expect(response.status).toBe(503);
          const body = await response.text();
          expect(body).toContain('urn:baton:problem:access-log-unavailable');
          expect(body).not.toContain(family);
        }
        const refusedWrite = await post(retriedBody, 'reads-log-down');
        expect(refusedWrite.status).toBe(503);
      } finally {
        await running.dataSource.query('DROP TRIGGER refuse_access ON events');
        await running.dataSource.query('DROP FUNCTION refuse_access()');
      }
      // The client retries with the same key: the first response, and now the write is logged.
      const retried = await post(retriedBody, 'reads-log-down');
      expect(retried.status).toBe(202);
      const { id: written } = (await retried.json()) as { id: string };
      expect(await accesses(written)).toEqual([expect.objectContaining({ action: 'write', outcome: 'allowed' })]);
    });
  });

  describe('GET /v1/board', () => {
    const tenant = 'board-dept';
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      // Arrivals in the reverse of their urgency: the board must reorder them.
      for (const [name, spec] of [
        ['ankle', ANKLE],
        ['abdomen', ABDOMEN],
        ['chest', CHEST_PAIN],
      ] as const) {
        ids[name] = await submit(encounterOf(spec), tenant);
        await assigned(ids[name] as string, tenant);
      }
      await submit(encounterOf(CHEST_PAIN), 'board-elsewhere');
    });

    it('lists the tenant’s waiting encounters by ESI, then arrival, with waiting times by the clock', async () => {
      const response = await call('/v1/board', 'triage-nurse', tenant);
      expect(response.status).toBe(200);
      const board = (await response.json()) as BoardView;
      expect(board.entries.map((entry) => entry.id)).toEqual([ids['chest'], ids['abdomen'], ids['ankle']]);
      expect(board.entries.map((entry) => entry.esi)).toEqual([2, 3, expect.any(Number)]);
      for (const entry of board.entries) {
        expect(entry.waitingSeconds).toBe(Math.floor((Date.parse(board.asOf) - Date.parse(entry.receivedAt)) / 1000));
        expect(entry.patient.view).toBe('pseudonymous');
      }
      expect(board.truncated).toBe(false);
    });

    it('is one access event in the tenant’s daily list stream, naming the encounters shown', async () => {
      const board = (await (await call('/v1/board', 'clinician', tenant)).json()) as BoardView;
      expect(board.entries.every((entry) => entry.patient.view === 'identified')).toBe(true);
      const rows: Array<{ stream_id: string; data: RecordedAccess }> = await running.dataSource.query(
        `SELECT stream_id, data FROM events WHERE type = 'baton.access.recorded' AND data->>'view' = 'board'
          AND data->>'tenant' = $1 AND data->>'role' = 'clinician'`,
        [tenant],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.stream_id).toBe(`access:list:${tenant}:${board.asOf.slice(0, 10)}`);
      expect(rows[0]?.data.recordIds).toEqual(board.entries.map((entry) => entry.id));
    });

    it('is refused to an auditor', async () => {
      expect((await call('/v1/board', 'auditor', tenant)).status).toBe(403);
    });
  });

  describe('GET /v1/encounters/{id}/audit', () => {
    it('shows the run’s events masked and the access log, both verified, and logs itself', async () => {
      const { encounter, secrets } = phiEncounter(2);
      const id = await submit(encounter);
      await assigned(id);
      await call(`/v1/encounters/${id}`, 'clinician');
      const response = await call(`/v1/encounters/${id}/audit`, 'auditor');
      expect(response.status).toBe(200);
      const body = await response.text();
      for (const secret of secrets) expect(body).not.toContain(secret);
      const trail = JSON.parse(body) as EncounterAuditTrail;
      expect(trail.events).toMatchObject({ verified: true, verification: { firstProblem: null } });
      expect(body).toContain('[encrypted]');
      expect(trail.access.verified).toBe(true);
      expect(trail.access.events.map((event) => (event.data as RecordedAccess).view)).toEqual([
        'registration',
        'encounter',
      ]);
      expect((await accesses(id)).at(-1)).toMatchObject({ view: 'audit-trail', role: 'auditor', outcome: 'allowed' });
    });

    it('names a changed access row', async () => {
      const id = await submit(encounterOf(ANKLE));
      await call(`/v1/encounters/${id}`, 'triage-nurse');
      await running.dataSource.query(
        `UPDATE events SET data = jsonb_set(data, '{role}', '"clinician"') WHERE stream_id = $1 AND version = 2`,
        [`access:record:${id}`],
      );
      const trail = (await (await call(`/v1/encounters/${id}/audit`, 'auditor')).json()) as EncounterAuditTrail;
      expect(trail.access).toMatchObject({
        verified: false,
        verification: { firstProblem: { version: 2, kind: 'changed' } },
      });
    });

    it('is refused to a clinician', async () => {
      const id = await submit(encounterOf(ANKLE));
      expect((await call(`/v1/encounters/${id}/audit`, 'clinician')).status).toBe(403);
    });
  });
});
