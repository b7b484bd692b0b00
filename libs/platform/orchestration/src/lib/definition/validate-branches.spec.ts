import { z } from 'zod';
import { LLM_INVOKE_INTENT } from '@baton/contracts';
import { RiskOutput, riskPrompt } from '../testing/loan-like-workflow';
import { IdentityChecked, IdentityRequested } from '../testing/parallel-workflows';
import { stepsFor } from './step-builders';
import type { Step } from './steps';
import { defineWorkflow } from './workflow-definition';

type S = { id: string; a: boolean | null; b: boolean | null; risk: string | null };
const step = stepsFor<S>();
const check = (key: 'a' | 'b') =>
  step.branch.agent({
    pattern: IdentityRequested.type,
    request: IdentityRequested,
    reply: IdentityChecked,
    input: (s) => ({ applicantId: s.id }),
    fold: (s, reply) => ({ ...s, [key]: reply.verified }),
  });
const assess = step.branch.model({
  permit: 'gate',
  prompt: { templateId: riskPrompt.id, templateVersion: riskPrompt.version },
  output: RiskOutput,
  input: (s) => ({ applicantId: s.id, amount: 1 }),
  fold: (s, output) => ({ ...s, risk: output.risk }),
});
const gate = (allow: string) =>
  step.policy({
    intent: LLM_INVOKE_INTENT,
    context: () => ({}),
    permits: 'both/assess',
    next: { allow, deny: 'done', review: 'done' },
  });

function workflow(start: string, steps: Record<string, Step<S>>) {
  return () =>
    defineWorkflow({
      id: 'test.branches',
      version: 1,
      input: z.strictObject({ id: z.string() }),
      state: z.strictObject({
        id: z.string(),
        a: z.boolean().nullable(),
        b: z.boolean().nullable(),
        risk: z.string().nullable(),
      }),
      initialState: (input) => ({ id: input.id, a: null, b: null, risk: null }),
      start,
      steps: { ...steps, done: step.end({ outcome: 'completed' }) },
    });
}

describe('the definition check of parallel and fan-out steps and deadlines', () => {
  it('rejects two branches folding into one key', () => {
    const both = step.parallel({
      join: 'all',
      branches: { x: { into: 'a', step: check('a') }, y: { into: 'a', step: check('a') } },
      next: 'done',
    });
    expect(workflow('both', { both })).toThrow('branches "x" and "y" of parallel step "both" both fold into "a"');
  });

  it('proves policy before model on every path through branches', () => {
    const both = step.parallel({
      join: 'all',
      branches: { assess: { into: 'risk', step: assess }, x: { into: 'a', step: check('a') } },
      next: 'done',
    });
    expect(workflow('gate', { gate: gate('both'), both })).not.toThrow();
    const around = step.compute({
      run: (s) => s,
      next: { when: [{ if: (s) => s.a === null, to: 'both' }], otherwise: 'gate' },
    });
    expect(workflow('around', { around, gate: gate('both'), both })).toThrow(
      'path around -> both reaches model step "both/assess" without leaving policy step "gate" by allow',
    );
  });

  it('counts a deadline edge as a path: a fallback into the model step bypasses the gate', () => {
    const both = step.parallel({ join: 'all', branches: { assess: { into: 'risk', step: assess } }, next: 'done' });
    const slowGate = { ...gate('both'), deadlineMs: 100, onDeadline: 'both' };
    expect(workflow('gate', { gate: slowGate, both })).toThrow('without leaving policy step "gate" by allow');
  });

  it('rejects a fan-out without a positive window or bound, and a deadline that is not a positive integer', () => {
    const fan = step.fanOut({
      items: (s) => [s.id],
      step: step.fanOutCall({
        pattern: IdentityRequested.type,
        request: IdentityRequested,
        reply: IdentityChecked,
        input: (id: string) => ({ applicantId: id }),
      }),
      concurrency: 0,
      maxItems: 0,
      into: 'a',
      deadlineMs: -1,
      next: 'done',
    });
    expect(workflow('fan', { fan })).toThrow(/concurrency 0: it must be an integer of at least 1.*maxItems 0/);
    expect(workflow('fan', { fan })).toThrow('deadlineMs -1: it must be a positive integer');
  });
});
