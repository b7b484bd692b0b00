import { z } from 'zod';
import { defineWorkflow } from '../definition/workflow-definition';
import { stepsFor } from '../definition/step-builders';
import { testWorkflow } from './test-workflow';
import { testModel, testPolicy } from './test-workflows';

const Numbered = z.strictObject({ n: z.number().int() });
const Log = z.strictObject({ log: z.array(z.string()) });
type LogState = z.output<typeof Log>;
const step = stepsFor<LogState>();

function listening(signals: Record<string, z.ZodType> = { left: Numbered, right: Numbered, other: Numbered }) {
  return defineWorkflow({
    id: 'test.listen',
    version: 1,
    input: z.strictObject({}),
    state: Log,
    initialState: () => ({ log: [] }),
    start: 'nap',
    signals,
    steps: {
      nap: step.sleep({ ms: () => 1_000, next: 'listen' }),
      listen: step.signal({
        signal: ['left', 'right'],
        payload: Numbered,
        fold: (s, payload, name) => ({ log: [...s.log, `${name}:${payload.n}`] }),
        maxVisits: 5,
        next: { received: 'tally' },
      }),
      tally: step.compute({
        run: (s) => s,
        maxVisits: 5,
        next: { when: [{ if: (s) => s.log.length < 3, to: 'listen' }], otherwise: 'done' },
      }),
      done: step.end({ outcome: 'completed' }),
    },
  });
}

function environment() {
  return testWorkflow({ workflows: [listening()], policy: testPolicy(), model: testModel(), agents: {} });
}

describe('a signal step waiting for several names', () => {
  it('takes whichever of its names arrives, telling the fold which one', async () => {
    const env = environment();
    const runId = await env.start('test.listen', {});
    await env.advance('1s');
    await env.signal(runId, 'right', { n: 1 });
    await env.signal(runId, 'left', { n: 2 });
    expect(await env.get(runId)).toMatchObject({ status: 'waiting', state: { log: ['right:1', 'left:2'] } });
    await env.signal(runId, 'left', { n: 3 });
    expect(await env.get(runId)).toMatchObject({ status: 'completed' });
    expect((await env.replay(runId)).divergences).toEqual([]);
  });

  it('keeps a signal of another name pending while it waits, without consuming it', async () => {
    const env = environment();
    const runId = await env.start('test.listen', {});
    await env.advance('1s');
    await env.signal(runId, 'other', { n: 1 });
    expect(await env.get(runId)).toMatchObject({ status: 'waiting', currentStep: 'listen', state: { log: [] } });
    await env.signal(runId, 'left', { n: 2 });
    expect((await env.get(runId)).state).toEqual({ log: ['left:2'] });
    const received = (await env.history(runId)).filter((event) => event.type === 'run.signal.received');
    expect(received.map((event) => (event.data as { name: string }).name)).toEqual(['other', 'left']);
  });

  it('consumes signals of its names received before it waited, in the order they arrived', async () => {
    const env = environment();
    const runId = await env.start('test.listen', {});
    await env.signal(runId, 'other', { n: 0 });
    await env.signal(runId, 'right', { n: 1 });
    await env.signal(runId, 'left', { n: 2 });
    await env.advance('1s');
    expect(await env.get(runId)).toMatchObject({ status: 'waiting', state: { log: ['right:1', 'left:2'] } });
    expect((await env.replay(runId)).divergences).toEqual([]);
  });

  it('refuses a definition whose signal step waits for a name the workflow does not accept', () => {
    expect(() => listening({ left: Numbered })).toThrow(/waits for "right", which the workflow's signals do not list/);
  });
});
