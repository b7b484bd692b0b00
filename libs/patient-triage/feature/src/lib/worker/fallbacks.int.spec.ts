// The model's deadline and circuit, the output guard and the EHR outage on the real PostgreSQL and
// RabbitMQ. The worker's model steps go through a port the test switches per case (slow, circuit
// open, an answer below the floor) over the vertical's own policies; the EHR through a switch.
import { setTimeout as sleep } from 'node:timers/promises';
import { LlmError } from '@baton/llm';
import type { Encounter } from '@baton/patient-triage-contracts';
import type { ModelPort } from '@baton/orchestration';
import { startTestVertical, type TestVertical } from '@baton/runtime/testing';
import { ABDOMEN, CHEST_PAIN, encounterOf } from '../../../fixtures/encounters';
import { subjectIdFor } from '../phi/encounter-phi';
import { SimulatedEhr, TRIAGE_EHR, type EhrSystem } from '../outside/ehr-system';
import { triageVertical } from '../triage.vertical';
import { TRIAGE_ASSESS_WORKFLOW_ID } from '../workflow/triage.workflow';
import type { TriageState } from '../workflow/triage-state';

type Mode = 'answer' | 'slow' | 'circuit-open' | 'below-floor';

describe('triage fallbacks on the real services', () => {
  let running: TestVertical;
  let mode: Mode = 'answer';
  let ehrDown = false;
  let modelCalls = 0;
  const ehr = new SimulatedEhr(42);
  const switchedEhr: EhrSystem = {
    lookup: (subject) => (ehrDown ? Promise.reject(new Error('down')) : ehr.lookup(subject)),
  };
  const model: ModelPort = {
    invoke: async (call) => {
      modelCalls += 1;
      if (mode === 'circuit-open') throw new LlmError('CIRCUIT_OPEN', 'the provider circuit is open');
      if (mode === 'slow') await sleep(1_500);
      const floor = (call.variables['floor'] as { esi: number }).esi;
      const guidelines = call.variables['guidelines'] as Array<{ id: string }>;
      const output = {
        esi: mode === 'below-floor' ? 5 : floor,
        resources: [],
        rationale: 'Follows the rules.',
        citations: guidelines.slice(0, 1).map((guideline) => guideline.id),
      };
      return { output: call.output.parse(output), record: null };
    },
  };

  beforeAll(async () => {
    running = await startTestVertical(triageVertical, {
      suite: 'triage fallbacks',
      env: { OUTSIDE_SEED: '42', TRIAGE_MODEL_DEADLINE_MS: '300' },
      worker: { model, providers: [{ provide: TRIAGE_EHR, useValue: switchedEhr }] },
    });
  });
  afterAll(() => running?.stop());

  const triage = async (encounter: Encounter) => {
    const { runId } = await running.engine.start(
      TRIAGE_ASSESS_WORKFLOW_ID,
      { subjectId: subjectIdFor('acme', encounter.registration.mrn), receivedAt: new Date().toISOString(), encounter },
      { idempotencyKey: encounter.encounterId, tenantId: 'acme' },
    );
    const view = await running.until(runId, (run) => (run.state as TriageState | null)?.assignment != null, 30_000);
    return { view, state: view.state as TriageState };
  };

  beforeEach(() => {
    mode = 'answer';
    ehrDown = false;
  });

  it('assigns ESI 2 by the rules with no model call, no gate and no EHR command', async () => {
    const before = modelCalls;
    const { view, state } = await triage(encounterOf(CHEST_PAIN));
    expect(state.assignment).toMatchObject({ esi: 2, decidedBy: 'rules', rulesOnlyReason: 'FLOOR_ESI_1_2' });
    expect(modelCalls).toBe(before);
    expect(view.history.map((entry) => entry.stepId)).toEqual([
      'pseudonymise',
      'floor',
      'assignByRules',
      'announce',
      'awaitClinician',
    ]);
  });

  it('lets the rules stand when the model passes its deadline', async () => {
    mode = 'slow';
    const { state } = await triage(encounterOf(ABDOMEN));
    expect(state.assignment).toMatchObject({
      esi: 3,
      decidedBy: 'rules',
      rulesOnly: true,
      rulesOnlyReason: 'DEADLINE_PASSED',
    });
  });

  it("lets the rules stand at once when the model's circuit is open", async () => {
    mode = 'circuit-open';
    const { state } = await triage(encounterOf(ABDOMEN));
    expect(state.assignment).toMatchObject({ decidedBy: 'rules', rulesOnly: true, rulesOnlyReason: 'CIRCUIT_OPEN' });
  });

  it('never lets the guard accept a level below the floor', async () => {
    mode = 'below-floor';
    const { state } = await triage(encounterOf(ABDOMEN));
    expect(state.proposal?.esi).toBe(5);
    expect(state.assignment).toMatchObject({ esi: 3, decidedBy: 'rules', rulesOnlyReason: 'GUARD_BELOW_FLOOR' });
  });

  it('triages through an EHR outage, flagged', async () => {
    ehrDown = true;
    const { state } = await triage(encounterOf(ABDOMEN));
    expect(state.ehr).toMatchObject({ available: false });
    expect(state.assignment).toMatchObject({ esi: 3, decidedBy: 'model' });
    expect(state.assignment?.reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'EHR_UNAVAILABLE' })]),
    );
  });
});
