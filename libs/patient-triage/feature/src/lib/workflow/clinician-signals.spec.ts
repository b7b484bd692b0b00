// The clinicians' signals as the API sends them since issue 24 (coded reasons, the subject the note
// is sealed under, the three dispositions) and as part 2 recorded them: both run and replay on
// version 1 of `triage.assess`.
import { CHEST_PAIN, encounterOf } from '../../../fixtures/encounters';
import { inMemoryTriage } from '../../../fixtures/in-memory-triage';
import { TRIAGE_DISPOSITION_SIGNAL, TRIAGE_OVERRIDE_SIGNAL } from './triage.workflow';
import type { TriageState } from './triage-state';

describe("triage.assess takes the clinicians' signals, old and new", () => {
  it('records the reason codes of an override and closes on a disposition of issue 24, replaying with no divergence', async () => {
    const triage = await inMemoryTriage();
    const runId = await triage.submit(encounterOf(CHEST_PAIN));
    const subjectId = ((await triage.env.get(runId)).state as TriageState).subjectId;
    await triage.env.signal(runId, TRIAGE_OVERRIDE_SIGNAL, {
      esi: 4,
      clinicianId: 'clinician@acme',
      reason: 'repeat ECG normal',
      reasonCode: 'VITALS_RECHECKED',
      secondReasonCode: 'SENIOR_APPROVED',
      subjectId,
    });
    await triage.env.signal(runId, TRIAGE_DISPOSITION_SIGNAL, { disposition: 'roomed', clinicianId: 'rn@acme' });
    const run = await triage.env.get(runId);
    expect(run.status).toBe('completed');
    expect(run.state as TriageState).toMatchObject({
      clinician: { esi: 4, reasonCode: 'VITALS_RECHECKED', secondReasonCode: 'SENIOR_APPROVED' },
      assignment: { esi: 4, floor: 2, decidedBy: 'clinician' },
      disposition: 'roomed',
    });
    const received = (await triage.env.history(runId)).filter((event) => event.type === 'run.signal.received');
    expect(received.map((event) => (event.data as { payload: Record<string, unknown> }).payload)).toEqual([
      expect.objectContaining({ reasonCode: 'VITALS_RECHECKED', secondReasonCode: 'SENIOR_APPROVED' }),
      { disposition: 'roomed', clinicianId: 'rn@acme' },
    ]);
    expect((await triage.env.replay(runId)).divergences).toEqual([]);
  });

  it("still runs and replays part 2's payloads: an override without codes, an `admitted` disposition", async () => {
    const triage = await inMemoryTriage();
    const runId = await triage.submit(encounterOf(CHEST_PAIN));
    await triage.env.signal(runId, TRIAGE_OVERRIDE_SIGNAL, { esi: 1, clinicianId: 'dr-1', reason: 'worse' });
    await triage.env.signal(runId, TRIAGE_DISPOSITION_SIGNAL, { disposition: 'admitted', clinicianId: 'dr-1' });
    expect((await triage.env.get(runId)).state as TriageState).toMatchObject({
      clinician: { esi: 1, reason: 'worse' },
      disposition: 'admitted',
    });
    expect((await triage.env.replay(runId)).divergences).toEqual([]);
  });
});
