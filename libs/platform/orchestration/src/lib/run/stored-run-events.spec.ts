import fc from 'fast-check';
import type { RunEvent } from './run-events';
import { runEventFromStored, runEventsFromStored, StoredStepCompleted, storedRunEvent } from './stored-run-events';

const completed = (state: unknown): RunEvent => ({
  type: 'run.step.completed',
  data: { stepId: 'score', visit: 1, state, next: 'announce', output: { ok: true } },
});
const application = { applicant: { name: 'A. Person', ssn: '123-45-6789' }, loan: { amount: 25_000 } };

describe('stored run events: completed steps as state changes', () => {
  it('stores only the fields a step changed, never the unchanged input', () => {
    const before = { request: application, kyc: null, score: null };
    const stored = storedRunEvent(
      completed({ request: structuredClone(application), kyc: { status: 'verified' }, score: null }),
      before,
    );
    expect(stored.data).toEqual({
      stepId: 'score',
      visit: 1,
      next: 'announce',
      output: { ok: true },
      stateChanges: { kyc: { status: 'verified' } },
    });
    expect(JSON.stringify(stored.data)).not.toContain('123-45-6789');
  });

  it('records dropped fields, and fields set to undefined, as removed', () => {
    const stored = storedRunEvent(completed({ a: 1, c: undefined }), { a: 1, b: 2, c: 3 });
    expect((stored.data as unknown as StoredStepCompleted).stateRemoved).toEqual(['b', 'c']);
    expect(runEventFromStored(JSON.parse(JSON.stringify(stored)), { a: 1, b: 2, c: 3 })).toEqual(completed({ a: 1 }));
  });

  it('stores other events, and steps over a state that is not an object, as they are', () => {
    const started: RunEvent = {
      type: 'run.started',
      data: {
        workflowId: 'w',
        version: 1,
        startStep: 's',
        input: {},
        state: { a: 1 },
        tenantId: 't',
        correlationId: 'c',
        parent: null,
      },
    };
    expect(storedRunEvent(started, null)).toBe(started);
    const overArray = completed([1, 2]);
    expect(storedRunEvent(overArray, [1])).toBe(overArray);
  });

  it('reads events stored whole (older streams, recorded fixtures) unchanged', () => {
    const whole = completed({ a: 1 });
    expect(runEventFromStored(whole, { a: 0, b: 1 })).toBe(whole);
  });

  it('gives back exactly the state it was given, for any JSON states before and after (stored as JSON)', () => {
    const field = fc.constantFrom('request', 'kyc', 'credit', 'decision', 'notes', 'score');
    const json = fc.jsonValue({ maxDepth: 3 });
    const state = fc.dictionary(field, json, { maxKeys: 6 });
    fc.assert(
      fc.property(state, state, (before, after) => {
        const stored = JSON.parse(JSON.stringify(storedRunEvent(completed(after), before)));
        const read = runEventFromStored(stored, before) as Extract<RunEvent, { type: 'run.step.completed' }>;
        expect(read.data.state).toEqual(JSON.parse(JSON.stringify(after)));
      }),
      { numRuns: 500, seed: 20261124 },
    );
  });

  it('expands a whole stream in order, each step against the state before it', () => {
    const states = [
      { request: application, step: 0 },
      { request: application, step: 1 },
      { request: application, step: 2, done: true },
    ];
    const events: RunEvent[] = [
      {
        type: 'run.started',
        data: {
          workflowId: 'w',
          version: 1,
          startStep: 's',
          input: application,
          state: states[0],
          tenantId: 't',
          correlationId: 'c',
          parent: null,
        },
      },
      completed(states[1]),
      {
        type: 'run.step.scheduled',
        data: { stepId: 'x', visit: 1, epoch: 0, commandId: 'c1', idempotencyKey: 'k', dueAt: null },
      },
      completed(states[2]),
    ];
    let state: unknown = null;
    const stored = events.map((event) => {
      const out = storedRunEvent(event, state);
      if (event.type === 'run.started' || event.type === 'run.step.completed') state = event.data.state;
      return JSON.parse(JSON.stringify(out));
    });
    expect(stored[3].data.stateChanges).toEqual({ step: 2, done: true });
    expect(runEventsFromStored(stored)).toEqual(events);
  });
});
