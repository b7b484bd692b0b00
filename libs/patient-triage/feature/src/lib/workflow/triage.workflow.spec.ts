// `triage.assess` on the real engine, policy and deterministic model, in memory with a virtual
// clock (testWorkflow through the runtime's inMemoryVertical).
import { setTimeout as sleep } from 'node:timers/promises';
import { LlmError } from '@baton/llm';
import { TriageAssigned, TriageEhrRequested } from '@baton/patient-triage-contracts';
import type { ModelPort } from '@baton/orchestration';
import { ABDOMEN, ANKLE, CHEST_PAIN, encounterOf } from '../../../fixtures/encounters';
import { inMemoryTriage, type InMemoryTriage } from '../../../fixtures/in-memory-triage';
import { TRIAGE_DISPOSITION_SIGNAL, TRIAGE_OVERRIDE_SIGNAL } from './triage.workflow';
import type { Assignment } from './triage-assignment';
import type { TriageState } from './triage-state';

type Proposal = { esi: number; resources: string[]; rationale: string; citations: string[] };
/** A model that answers `change(proposal)` in place of the deterministic one's proposal. */
const answering =
  (change: (proposal: Proposal) => Proposal) =>
  (gateway: ModelPort): ModelPort => ({
    invoke: async (call) => {
      const answer = await gateway.invoke(call);
      return { ...answer, output: change(answer.output as Proposal) as never };
    },
  });

describe('triage.assess in memory', () => {
  let triage: InMemoryTriage;
  beforeEach(async () => {
    triage = await inMemoryTriage();
  });

  const stateOf = async (runId: string, on = triage) => (await on.env.get(runId)).state as TriageState;
  const stepsOf = async (runId: string, on = triage) => (await on.env.get(runId)).history.map((entry) => entry.stepId);
  const assigned = (on = triage) =>
    on.env.events.filter((event) => TriageAssigned.matches(event)).map((event) => event.payload as Assignment);

  it('assigns ESI 1-2 by the rules at once: no EHR command, no policy, no model', async () => {
    const runId = await triage.submit(encounterOf(CHEST_PAIN));
    expect(assigned()).toEqual([expect.objectContaining({ esi: 2, floor: 2, decidedBy: 'rules', rulesOnly: true })]);
    expect(triage.env.commands).toEqual([]);
    expect(triage.modelSaw).toEqual([]);
    expect(await stepsOf(runId)).not.toEqual(expect.arrayContaining(['gate']));
    expect((await triage.env.get(runId)).status).toBe('waiting');
  });

  it('asks the EHR and the guidelines in parallel, gates the model, guards its proposal, and publishes it', async () => {
    const runId = await triage.submit(encounterOf(ABDOMEN));
    const state = await stateOf(runId);
    expect(state.assignment).toMatchObject({ esi: 3, floor: 3, decidedBy: 'model', rulesOnly: false });
    expect(state.assignment?.policyVersion).toBe('triage-llm@1');
    const retrieved = (state.guidelines ?? []).map((guideline) => guideline.id);
    expect(state.assignment?.citations.length).toBeGreaterThan(0);
    expect(retrieved).toEqual(expect.arrayContaining(state.assignment?.citations ?? []));
    expect(triage.env.commands.map((command) => command.payload)).toEqual([
      { encounterId: state.encounter.encounterId, subjectRef: state.subjectId },
    ]);
    expect(await stepsOf(runId)).toEqual(expect.arrayContaining(['gather', 'gate', 'propose', 'guard', 'announce']));
    expect((await triage.env.replay(runId)).divergences).toEqual([]);
  });

  it('lets the rules stand when the model misses its deadline, naming why', async () => {
    const slow = await inMemoryTriage({
      env: { TRIAGE_MODEL_DEADLINE_MS: '60' },
      model: (gateway) => ({ invoke: async (call) => (await sleep(400), gateway.invoke(call)) }),
    });
    const runId = await slow.submit(encounterOf(ABDOMEN));
    expect((await stateOf(runId, slow)).assignment).toMatchObject({
      esi: 3,
      decidedBy: 'rules',
      rulesOnly: true,
      rulesOnlyReason: 'DEADLINE_PASSED',
    });
  });

  it("lets the rules stand at once when the model's circuit is open", async () => {
    const open = await inMemoryTriage({
      model: () => ({
        invoke: async () => {
          throw new LlmError('CIRCUIT_OPEN', 'the provider circuit is open');
        },
      }),
    });
    const runId = await open.submit(encounterOf(ABDOMEN));
    expect((await stateOf(runId, open)).assignment).toMatchObject({ rulesOnly: true, rulesOnlyReason: 'CIRCUIT_OPEN' });
  });

  it.each([
    ['a level below the floor', (p: Proposal) => ({ ...p, esi: 5 }), 'GUARD_BELOW_FLOOR'],
    [
      'a guideline that was not retrieved',
      (p: Proposal) => ({ ...p, citations: ['gl-invented'] }),
      'GUARD_UNRETRIEVED_CITATION',
    ],
    ['a token in the rationale', (p: Proposal) => ({ ...p, rationale: 'As [NAME-1] said.' }), 'GUARD_PHI_IN_RATIONALE'],
  ])('refuses a proposal with %s: the rules stand', async (_name, change, reason) => {
    const model = await inMemoryTriage({ model: answering(change) });
    const runId = await model.submit(encounterOf(ABDOMEN));
    expect((await stateOf(runId, model)).assignment).toMatchObject({
      esi: 3,
      decidedBy: 'rules',
      rulesOnlyReason: reason,
    });
  });

  it('takes a proposal more urgent than the floor', async () => {
    const model = await inMemoryTriage({ model: answering((p) => ({ ...p, esi: 2 })) });
    const runId = await model.submit(encounterOf(ABDOMEN));
    expect((await stateOf(runId, model)).assignment).toMatchObject({ esi: 2, floor: 3, decidedBy: 'model' });
  });

  it('triages through an EHR outage on the rules and guidelines, flagged', async () => {
    const down = await inMemoryTriage({ ehr: { outageRate: 1 } });
    const runId = await down.submit(encounterOf(ANKLE));
    const state = await stateOf(runId, down);
    expect(state.ehr).toMatchObject({ available: false });
    expect(state.assignment?.reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'EHR_UNAVAILABLE' })]),
    );
    expect(assigned(down)).toHaveLength(1);
  });

  it("re-publishes each clinician's override and closes on the disposition", async () => {
    const runId = await triage.submit(encounterOf(ANKLE));
    await triage.env.signal(runId, TRIAGE_OVERRIDE_SIGNAL, {
      esi: 3,
      clinicianId: 'rn-1',
      reason: 'looks unwell',
    });
    await triage.env.signal(runId, TRIAGE_OVERRIDE_SIGNAL, {
      esi: 2,
      clinicianId: 'dr-2',
      reason: 'worse',
    });
    expect((await triage.env.get(runId)).status).toBe('waiting');
    await triage.env.signal(runId, TRIAGE_DISPOSITION_SIGNAL, {
      disposition: 'admitted',
      clinicianId: 'dr-2',
    });
    expect(assigned().map((event) => [event.decidedBy, event.esi])).toEqual([
      [expect.stringMatching(/model|rules/), expect.any(Number)],
      ['clinician', 3],
      ['clinician', 2],
    ]);
    expect((await triage.env.get(runId)).status).toBe('completed');
    expect(await stateOf(runId)).toMatchObject({ disposition: 'admitted', overrides: 2, clinician: { esi: 2 } });
    expect((await triage.env.replay(runId)).divergences).toEqual([]);
  });

  it('closes on a disposition with no override, and refuses an override payload on the disposition signal', async () => {
    const runId = await triage.submit(encounterOf(ANKLE));
    await expect(
      triage.env.signal(runId, TRIAGE_DISPOSITION_SIGNAL, { esi: 3, clinicianId: 'rn-1', reason: 'looks unwell' }),
    ).rejects.toThrow(/disposition/);
    await triage.env.signal(runId, TRIAGE_DISPOSITION_SIGNAL, { disposition: 'discharged', clinicianId: 'rn-1' });
    expect((await triage.env.get(runId)).status).toBe('completed');
    expect(await stateOf(runId)).toMatchObject({ disposition: 'discharged', overrides: 0, clinician: null });
    expect(assigned()).toHaveLength(1);
  });

  it('sends the EHR agent a pseudonymous subject id only', async () => {
    await triage.submit(encounterOf(ABDOMEN));
    const command = triage.env.commands.find((sent) => sent.pattern === TriageEhrRequested.type);
    expect(Object.keys(command?.payload as object).sort()).toEqual(['encounterId', 'subjectRef']);
  });
});
