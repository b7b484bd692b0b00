import { z } from 'zod';
import { defineWorkflow } from './workflow-definition';
import { stepsFor } from './step-builders';
import {
  applicationSteps,
  ApplicationInput,
  ApplicationState,
  RiskOutput,
  CheckRequested,
  CheckReplied,
} from '../testing/loan-like-workflow';
import type { ApplicationState as State } from '../testing/loan-like-workflow';

const base = {
  id: 'test.application',
  version: 1,
  input: ApplicationInput,
  state: ApplicationState,
  initialState: (i: z.infer<typeof ApplicationInput>) => ({ ...i, checked: null, risk: null, outcome: null }),
  start: 'check',
};
const step = stepsFor<State>();

describe('defineWorkflow: the graph is checked at registration', () => {
  it('accepts a workflow whose only path into the model step leaves the policy step by allow', () => {
    expect(() => defineWorkflow({ ...base, steps: applicationSteps() })).not.toThrow();
  });

  it('rejects a path that reaches the model step without the allow edge, naming the path', () => {
    const steps = applicationSteps();
    // A "fast lane" that skips the policy step for small amounts.
    steps['check'] = step.agent({
      pattern: 'test.check.requested',
      request: CheckRequested,
      reply: CheckReplied,
      input: (s) => ({ applicantId: s.applicantId, amount: s.amount }),
      fold: (s, reply) => ({ ...s, checked: reply.passed }),
      next: { when: [{ if: (s) => s.amount < 100, to: 'assess' }], otherwise: 'gate' },
    });
    expect(() => defineWorkflow({ ...base, steps })).toThrow(
      'path check -> assess reaches model step "assess" without leaving policy step "gate" by allow',
    );
  });

  it('rejects a path through review or deny into the model step', () => {
    const steps = applicationSteps();
    steps['gate'] = step.policy({
      intent: 'llm.invoke',
      context: () => ({}),
      permits: 'assess',
      next: { allow: 'assess', deny: 'decline', review: 'assess' },
    });
    expect(() => defineWorkflow({ ...base, steps })).toThrow(
      /path check -> gate -> assess reaches model step "assess" without leaving policy step "gate" by allow/,
    );
  });

  it('rejects a model step gated by a policy step of another intent, or one that does not permit it', () => {
    const steps = applicationSteps();
    steps['gate'] = step.policy({
      intent: 'loan.approve',
      context: () => ({}),
      next: { allow: 'assess', deny: 'decline', review: 'refer' },
    });
    expect(() => defineWorkflow({ ...base, steps })).toThrow(
      /decides "loan.approve", not "llm.invoke".*must declare permits: "assess"/,
    );
  });

  it('rejects missing targets, unreachable steps and unbounded loops', () => {
    expect(() =>
      defineWorkflow({
        ...base,
        steps: { ...applicationSteps(), score: step.compute({ run: (s) => s, next: 'nowhere' }) },
      }),
    ).toThrow(/moves to "nowhere", which does not exist/);
    expect(() =>
      defineWorkflow({ ...base, steps: { ...applicationSteps(), orphan: step.end({ outcome: 'completed' }) } }),
    ).toThrow(/"orphan" is unreachable/);
    const looping = {
      ...applicationSteps(),
      score: step.compute({
        run: (s) => s,
        next: { when: [{ if: (s) => s.risk === null, to: 'gate' }], otherwise: 'announce' },
      }),
    };
    expect(() => defineWorkflow({ ...base, steps: looping })).toThrow(/step "gate" is on a loop: declare maxVisits/);
  });

  it('accepts a bounded loop', () => {
    const steps = applicationSteps();
    const looping = {
      ...steps,
      gate: { ...(steps['gate'] as object), maxVisits: 3 } as (typeof steps)['gate'],
      assess: { ...(steps['assess'] as object), maxVisits: 3 } as (typeof steps)['assess'],
      score: step.compute({
        run: (s) => s,
        next: { when: [{ if: (s) => s.risk === null, to: 'gate' }], otherwise: 'announce' },
        maxVisits: 3,
      }),
    };
    expect(() => defineWorkflow({ ...base, steps: looping })).not.toThrow();
  });

  it('types folds against the state: a mis-typed fold does not compile', () => {
    // The checks below are enforced by `nx run orchestration:typecheck` (tsc), not by jest.
    const typed = [
      step.model({
        permit: 'gate',
        prompt: { templateId: 't', templateVersion: '1' },
        output: RiskOutput,
        input: (s) => ({ id: s.applicantId }),
        // @ts-expect-error risk must be 'low' | 'high' | null, and the output has no `score`
        fold: (s, output) => ({ ...s, risk: output.score }),
        next: 'score',
      }),
      step.agent({
        pattern: 'test.check.requested',
        request: CheckRequested,
        reply: CheckReplied,
        input: (s) => ({ applicantId: s.applicantId, amount: s.amount }),
        // @ts-expect-error a fold must return the whole state, not a fragment of it
        fold: (_s, reply) => ({ checked: reply.passed }),
        next: 'gate',
      }),
      step.compute({
        // @ts-expect-error outcome is an enum, not any string
        run: (s) => ({ ...s, outcome: 'maybe' }),
        next: 'done',
      }),
    ];
    expect(typed.map((built) => built.kind)).toEqual(['model', 'agent', 'compute']);
  });
});
