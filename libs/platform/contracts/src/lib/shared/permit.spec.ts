import { Permit, permitMismatch, permitSchema } from './permit';

const permit: Permit = permitSchema.parse({
  permitId: '0192f7a0-0000-7000-8000-000000000001',
  decisionId: '0192f7a0-0000-7000-8000-000000000002',
  intent: 'llm.invoke',
  runId: 'run-1',
  stepId: 'assess-risk',
  inputHash: 'a'.repeat(64),
  policyId: 'lending',
  policyVersion: '3',
  issuedAt: '2026-11-24T10:00:00Z',
  expiresAt: '2026-11-24T10:05:00Z',
});
const use = {
  intent: 'llm.invoke',
  runId: 'run-1',
  stepId: 'assess-risk',
  inputHash: 'a'.repeat(64),
  at: '2026-11-24T10:01:00Z',
};

describe('permitMismatch', () => {
  it('accepts the use it was issued for', () => {
    expect(permitMismatch(permit, use)).toBeNull();
  });

  it.each([
    ['intent', { intent: 'loan.approve' }, /intent/],
    ['run', { runId: 'run-2' }, /run/],
    ['step', { stepId: 'other' }, /step/],
    ['input', { inputHash: 'b'.repeat(64) }, /different input/],
    ['expiry', { at: '2026-11-24T10:05:00Z' }, /expired/],
  ])('refuses another %s', (_label, change, reason) => {
    expect(permitMismatch(permit, { ...use, ...change })).toMatch(reason);
  });
});
