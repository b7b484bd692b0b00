import type { Obligation } from '@baton/contracts';
import {
  applicationVariables,
  caught,
  deterministicModel,
  entry,
  fixedClock,
  permitFor,
  riskInvocation,
  SEEDED_EMAIL,
  SEEDED_SSN,
  SpyChatModel,
} from '../../../fixtures/loan-risk.fixture';
import { isLlmError } from '../errors/llm-error';
import { ChatModelGateway } from './chat-model-gateway';

const redactPii: Obligation = { type: 'redact', fields: ['application.applicant.ssn', 'application.applicant.email'] };

function setup(clockStepMs = 0) {
  const spy = new SpyChatModel(deterministicModel());
  const gateway = new ChatModelGateway({ models: [entry(spy)], clock: fixedClock(clockStepMs) });
  return {
    spy,
    gateway,
    sent: () =>
      spy.received
        .flat()
        .map((message) => message.text)
        .join('\n'),
  };
}

describe('permit before model', () => {
  const variables = applicationVariables();
  it.each([
    ['no permit at all', { permit: undefined }],
    ['a permit for another step', { permit: permitFor(variables, { stepId: 'other-step' }) }],
    ['a permit for another run', { permit: permitFor(variables, { runId: 'run-9' }) }],
    ['a permit for another intent', { permit: permitFor(variables, { intent: 'loan.approve' }) }],
    ['an expired permit', { permit: permitFor(variables, { expiresAt: '2026-11-24T10:00:00.000Z' }) }],
    ['a permit issued for different input', { permit: permitFor(applicationVariables({ monthlyDebts: 1 })) }],
  ])('refuses %s with PERMIT_REQUIRED and never calls a model', async (_case, override) => {
    const { spy, gateway } = setup();
    const error = await caught(
      gateway.invoke({ ...riskInvocation(variables), ...override } as ReturnType<typeof riskInvocation>),
    );
    expect(isLlmError(error, 'PERMIT_REQUIRED')).toBe(true);
    expect(error).toMatchObject({ retryable: false, httpStatus: 403 });
    expect(spy.calls).toBe(0);
  });

  it('accepts an explicit input hash the permit was issued over', async () => {
    const { gateway } = setup();
    const permit = permitFor(variables, { inputHash: 'c'.repeat(64) });
    await expect(
      gateway.invoke({ ...riskInvocation(variables), permit, inputHash: 'c'.repeat(64) }),
    ).resolves.toBeDefined();
  });
});

describe('redaction before rendering', () => {
  it('keeps a seeded SSN and email out of everything a chat model receives and out of the record', async () => {
    const { gateway, sent, spy } = setup();

    const { request, redactedFields } = await gateway.invoke({ ...riskInvocation(), obligations: [redactPii] });

    expect(spy.calls).toBe(1);
    expect(sent()).not.toContain(SEEDED_SSN);
    expect(sent()).not.toContain(SEEDED_EMAIL);
    expect(sent()).toContain('[REDACTED:application.applicant.ssn]');
    expect(sent()).toContain('Jane Roe'); // only the obligated fields go
    expect(JSON.stringify(request)).not.toContain(SEEDED_SSN);
    expect(JSON.stringify(request)).not.toContain(SEEDED_EMAIL);
    expect(redactedFields).toEqual(['application.applicant.ssn', 'application.applicant.email']);
  });

  it('sends them when no obligation asks for redaction (so the test above can fail)', async () => {
    const { gateway, sent } = setup();
    await gateway.invoke(riskInvocation());
    expect(sent()).toContain(SEEDED_SSN);
    expect(sent()).toContain(SEEDED_EMAIL);
  });

  it('records the template id, version and hash, and the latency from the injected clock', async () => {
    const { gateway } = setup(7);
    const { result, request } = await gateway.invoke(riskInvocation());
    expect(request.prompt).toEqual(result.prompt);
    expect(result.prompt.templateId).toBe('loan.assess-risk');
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.latencyMs % 7).toBe(0);
  });
});
