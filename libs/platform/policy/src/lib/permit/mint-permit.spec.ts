import { permitMismatch, permitSchema, PolicyDecision } from '@baton/contracts';
import { isPolicyError } from '../errors/policy-error';
import { policyInputHash } from '../evaluation/context';
import { decideIntent } from '../evaluation/decide';
import { AT, flagPolicy, setOf, testId } from '../evaluation/test-policies';
import { mintPermit } from './mint-permit';

describe('mintPermit: an allowing llm.invoke decision mints the permit the model step requires', () => {
  const set = setOf(flagPolicy());
  const context = { x: { allow: true }, prompt: 'assess' };
  const grant = (decision: PolicyDecision) => ({
    permitId: testId(),
    runId: 'run-1',
    stepId: 'assess-risk',
    issuedAt: decision.decidedAt,
    expiresAt: '2026-11-24T10:05:00Z',
  });

  it('binds the permit to run, step, intent, input hash, policy version and an injected expiry', async () => {
    const decision = await decideIntent(set, { intent: 'llm.invoke', context, decisionId: testId(), at: AT });
    const permit = mintPermit(decision, grant(decision));
    expect(permitSchema.parse(permit)).toEqual(permit);
    expect(permit).toMatchObject({
      decisionId: decision.decisionId,
      intent: 'llm.invoke',
      runId: 'run-1',
      stepId: 'assess-risk',
      inputHash: policyInputHash(context),
      policyId: 'flags',
      policyVersion: '1',
      issuedAt: AT,
      expiresAt: '2026-11-24T10:05:00Z',
    });

    const use = {
      intent: 'llm.invoke',
      runId: 'run-1',
      stepId: 'assess-risk',
      inputHash: policyInputHash({ prompt: 'assess', x: { allow: true } }),
      at: '2026-11-24T10:01:00Z',
    };
    expect(permitMismatch(permit, use)).toBeNull();
    expect(
      permitMismatch(permit, { ...use, inputHash: policyInputHash({ ...context, prompt: 'something else' }) }),
    ).toMatch(/different input/);
    expect(permitMismatch(permit, { ...use, at: '2026-11-24T10:05:00Z' })).toMatch(/expired/);
  });

  it.each([
    ['a deny', { x: { deny: true, allow: true } }],
    ['a review', { x: { review: true, allow: true } }],
  ])('refuses %s decision', async (_label, refused) => {
    const decision = await decideIntent(set, { intent: 'llm.invoke', context: refused, decisionId: testId(), at: AT });
    const error = (() => {
      try {
        return mintPermit(decision, grant(decision));
      } catch (caught) {
        return caught;
      }
    })();
    expect(isPolicyError(error) && [error.code, error.httpStatus]).toEqual(['PERMIT_REFUSED', 403]);
  });

  it('binds the permit to the model input it covers when that differs from the policy context', async () => {
    const decision = await decideIntent(set, { intent: 'llm.invoke', context, decisionId: testId(), at: AT });
    const modelInput = policyInputHash({ applicant: 'redacted-view', amount: 500 });
    const permit = mintPermit(decision, { ...grant(decision), inputHash: modelInput });
    const use = {
      intent: 'llm.invoke',
      runId: 'run-1',
      stepId: 'assess-risk',
      inputHash: modelInput,
      at: '2026-11-24T10:01:00Z',
    };
    expect(permitMismatch(permit, use)).toBeNull();
    expect(permitMismatch(permit, { ...use, inputHash: decision.inputHash })).toMatch(/different input/);
  });

  it('refuses an expiry not after issue, an issue before the decision, and an empty run id', async () => {
    const decision = await decideIntent(set, { intent: 'llm.invoke', context, decisionId: testId(), at: AT });
    expect(() => mintPermit(decision, { ...grant(decision), expiresAt: AT })).toThrow(/must expire after it is issued/);
    expect(() => mintPermit(decision, { ...grant(decision), issuedAt: '2026-11-24T09:59:59Z' })).toThrow(
      /before its decision/,
    );
    expect(() => mintPermit(decision, { ...grant(decision), runId: '' })).toThrow(/runId/);
  });
});
