// The sample workflow on the real engine, policy and deterministic model, in memory with a
// virtual clock (testWorkflow through the runtime's inMemoryVertical).
import { FleetCaseDecided } from '@baton/fleet-routing-contracts';
import { inMemoryFleet, referenceRated, type InMemoryFleet } from '../../../fixtures/in-memory-fleet';
import type { FleetCaseState } from './case-state';
import { FLEET_REVIEW_SIGNAL } from './case.workflow';

const routine = (reference: string) => ({ reference, value: 1_200, summary: 'A routine request.' });

describe('the Fleet routing case workflow in memory', () => {
  let vertical: InMemoryFleet;
  beforeEach(async () => {
    vertical = await inMemoryFleet();
  });

  const stateOf = async (runId: string) => (await vertical.env.get(runId)).state as FleetCaseState;
  const stepsOf = async (runId: string) => (await vertical.env.get(runId)).history.map((entry) => entry.stepId);

  it('accepts a well-rated routine case: lookup, gate, model without the reference, rules, event', async () => {
    const reference = await referenceRated((rating) => rating >= 80);
    const runId = await vertical.submit(routine(reference));
    expect((await vertical.env.get(runId)).status).toBe('completed');
    expect((await stateOf(runId)).decision).toMatchObject({ outcome: 'accepted', decidedBy: 'rules' });
    expect(vertical.env.commands.map((command) => command.stepId)).toEqual(['lookup']);
    expect(vertical.modelSaw).toHaveLength(1);
    expect(JSON.stringify(vertical.modelSaw)).not.toContain(reference);
    expect(vertical.env.events.filter((event) => FleetCaseDecided.matches(event))).toHaveLength(1);
    expect((await vertical.env.replay(runId)).divergences).toEqual([]);
  });

  it('rejects a poorly rated case on the rules', async () => {
    const runId = await vertical.submit(routine(await referenceRated((rating) => rating < 30)));
    expect((await stateOf(runId)).decision).toMatchObject({ outcome: 'rejected', reasons: ['RATING_LOW'] });
  });

  it('keeps the model away from a case above the policy limit: the rules decide alone', async () => {
    const reference = await referenceRated((rating) => rating >= 80);
    const runId = await vertical.submit({ ...routine(reference), value: 2_000_000 });
    expect(vertical.modelSaw).toHaveLength(0);
    expect(await stepsOf(runId)).not.toContain('assess');
    expect((await stateOf(runId)).decision?.reasons).toContain('NO_ASSESSMENT');
  });

  it('refers a middling case to a reviewer, whose signal decides it', async () => {
    const runId = await vertical.submit(routine(await referenceRated((rating) => rating >= 45 && rating < 65)));
    expect((await vertical.env.get(runId)).status).toBe('waiting');
    await vertical.env.signal(runId, FLEET_REVIEW_SIGNAL, { outcome: 'accept', reviewerId: 'reviewer-1' });
    expect((await stateOf(runId)).decision).toMatchObject({ outcome: 'accepted', decidedBy: 'reviewer' });
  });

  it('rejects a referred case nobody reviewed within REVIEW_TIMEOUT_MS', async () => {
    const runId = await vertical.submit(routine(await referenceRated((rating) => rating >= 45 && rating < 65)));
    await vertical.env.advance('59m');
    expect((await vertical.env.get(runId)).status).toBe('waiting');
    await vertical.env.advance('2m');
    expect((await stateOf(runId)).decision).toMatchObject({ outcome: 'rejected', decidedBy: 'expiry' });
  });

  it('bills one lookup per case however often the step is delivered', async () => {
    await vertical.submit(routine(await referenceRated((rating) => rating >= 80)));
    expect([...vertical.ledger.requests.values()]).toEqual([1]);
  });
});
