import { isProblemException } from '@baton/http';
import type { RunView } from '@baton/orchestration';
import { acceptedAnswer } from './accepted-answer';
import { derivedIdFor } from './derived-id';
import { requireIdempotencyKey } from './idempotency-key';
import { runFailure, runSteps } from './run-view';

const problemOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (isProblemException(error)) return error.problem;
    throw error;
  }
  throw new Error('expected a problem');
};

describe('derivedIdFor', () => {
  it('names the same resource for the same tenant and key, another for another tenant', () => {
    expect(derivedIdFor('app', 'acme', 'k-1')).toBe(derivedIdFor('app', 'acme', 'k-1'));
    expect(derivedIdFor('app', 'acme', 'k-1')).not.toBe(derivedIdFor('app', 'globex', 'k-1'));
    expect(derivedIdFor('case', 'acme', 'k-1')).toMatch(/^case_[0-9a-f]{24}$/);
  });
});

describe('requireIdempotencyKey', () => {
  it('takes 1 to 200 visible ASCII characters', () => {
    expect(requireIdempotencyKey('k-1', 'case')).toBe('k-1');
  });

  it.each([
    [undefined, 'required'],
    ['', 'format'],
    ['with space', 'format'],
    ['x'.repeat(201), 'format'],
  ])('refuses %p with a 400 naming the header and the rule %s', (value, rule) => {
    const problem = problemOf(() => requireIdempotencyKey(value, 'case'));
    expect(problem).toMatchObject({ status: 400, errors: [{ field: 'header.Idempotency-Key', rule }] });
    expect(problem.detail).toContain('unique per case');
  });
});

describe('runSteps and runFailure', () => {
  const at = '2026-03-10T09:00:00.000Z';
  const run = {
    history: [
      { stepId: 'lookup', status: 'scheduled', at },
      { stepId: 'lookup', status: 'completed', at },
    ],
    failure: { code: 'STEP_FAILED', message: 'lookup failed', stepId: 'lookup' },
  } as unknown as RunView;

  it('lists the steps a run went through, leaving out those only scheduled', () => {
    expect(runSteps(run)).toEqual([{ step: 'lookup', status: 'completed', at }]);
  });

  it('shows a failure as its code and message only', () => {
    expect(runFailure(run)).toEqual({ code: 'STEP_FAILED', message: 'lookup failed' });
    expect(runFailure({ failure: null } as unknown as RunView)).toBeNull();
  });
});

describe('acceptedAnswer', () => {
  it('sets the status, Location and Idempotent-Replayed of a submission and returns its body', () => {
    const set: Array<[string, unknown]> = [];
    const response = {
      status: (code: number) => set.push(['status', code]),
      setHeader: (name: string, value: string) => set.push([name, value]),
    };
    const body = { id: 'enc_1', links: { self: '/v1/encounters/enc_1' } };
    expect(acceptedAnswer(response, { status: 202, body, replayed: true })).toBe(body);
    expect(set).toEqual([
      ['status', 202],
      ['Location', '/v1/encounters/enc_1'],
      ['Idempotent-Replayed', 'true'],
    ]);
  });
});
