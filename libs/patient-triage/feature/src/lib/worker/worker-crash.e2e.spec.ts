import { workerCrashSuite } from '@baton/runtime/testing';
import { encounterOf } from '../../../fixtures/encounters';
import { subjectIdFor } from '../phi/encounter-phi';
import { triageVertical } from '../triage.vertical';
import { TRIAGE_ASSESS_WORKFLOW_ID } from '../workflow/triage.workflow';

const entry = 'dist/out-tsc/libs/patient-triage/feature/fixtures/triage-worker-process.js';
const AUDIT_HEX = '3c'.repeat(32);
const ENCOUNTERS = 100;

describe('triage survives a worker SIGKILL with 100 encounters in flight (real processes, PostgreSQL and RabbitMQ)', () => {
  const suite = workerCrashSuite(triageVertical, {
    suite: 'triage crash',
    entry,
    ready: /triage worker ready/,
    env: { OUTSIDE_EHR_MS: '40' },
    auditKeyHex: AUDIT_HEX,
  });

  beforeAll(() => suite.setUp());
  afterAll(() => suite.tearDown());

  it('assigns every encounter exactly once after the worker is killed and replaced', async () => {
    const first = await suite.startWorker('triage-worker-1');
    const { dataSource, engine } = await suite.openStarter();
    // Half of them ESI 3 (EHR, gate, model, guard), half ESI 2 (the rules at once).
    const runIds: string[] = [];
    for (let i = 0; i < ENCOUNTERS; i++) {
      const complaint = i % 2 === 0 ? 'abdominal pain and vomiting' : 'chest pain radiating to the left arm';
      const encounter = { ...encounterOf({ age: '50y', complaint, pain: 5 }, 50_000 + i), encounterId: `crash-${i}` };
      const input = {
        subjectId: subjectIdFor('acme', encounter.registration.mrn),
        receivedAt: new Date().toISOString(),
        encounter,
      };
      runIds.push(
        (await engine.start(TRIAGE_ASSESS_WORKFLOW_ID, input, { idempotencyKey: `crash-${i}`, tenantId: 'acme' }))
          .runId,
      );
    }
    const assignedPerEncounter = async () =>
      (await dataSource.query(
        `SELECT envelope->'payload'->>'encounterId' AS id, count(*)::int AS n FROM outbox
          WHERE envelope->>'type' = 'triage.assigned' GROUP BY 1`,
      )) as Array<{ id: string; n: number }>;
    const deadline = Date.now() + 30_000;
    while ((await assignedPerEncounter()).length < 10 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await assignedPerEncounter()).length).toBeLessThan(ENCOUNTERS);
    await first.kill('SIGKILL');
    await suite.startWorker('triage-worker-2');

    const finish = Date.now() + 90_000;
    while ((await assignedPerEncounter()).length < ENCOUNTERS && Date.now() < finish)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const assigned = await assignedPerEncounter();
    expect(assigned).toHaveLength(ENCOUNTERS);
    expect(assigned.filter((row) => row.n !== 1)).toEqual([]);
    // Each run waits for its clinician, assigned, not failed.
    const waiting: Array<{ n: number }> = await dataSource.query(
      `SELECT count(*)::int AS n FROM workflow_runs WHERE status = 'waiting' AND run_id = ANY($1)`,
      [runIds],
    );
    expect(waiting[0]?.n).toBe(ENCOUNTERS);
    await dataSource.destroy();
  });
});
