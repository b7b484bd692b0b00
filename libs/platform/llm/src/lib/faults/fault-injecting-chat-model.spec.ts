import { AIMessage } from '@langchain/core/messages';
import {
  applicationVariables,
  assessRisk,
  caught,
  deterministicModel,
  riskAssessment,
} from '../../../fixtures/loan-risk.fixture';
import { renderPrompt } from '../prompts/render-prompt';
import type { Sleep } from '../support/sleep';
import { DEFAULT_PROTECTED_RATIONALE } from './corrupt-answer';
import { FaultInjectingChatModel } from './fault-injecting-chat-model';
import { Fault, faultSequence, seededFaults } from './fault-plan';

const messages = [...renderPrompt(assessRisk, applicationVariables(), riskAssessment.name).messages];
const healthyJson = JSON.stringify({ band: 'low', score: 15, rationale: 'debt-to-income 15.0%' });

async function answerWith(fault: Fault, sleep?: Sleep) {
  const model = new FaultInjectingChatModel({
    inner: deterministicModel(),
    plan: faultSequence([fault]),
    ...(sleep ? { sleep } : {}),
  });
  return model.bindTools([riskAssessment.tool], { tool_choice: riskAssessment.name }).invoke(messages);
}

describe('FaultInjectingChatModel', () => {
  it('corrupts the JSON: malformed, or truncated half-way, as unparsable tool arguments', async () => {
    const malformed = await answerWith({ kind: 'malformed_json' });
    const truncated = await answerWith({ kind: 'truncated_json' });
    for (const answer of [malformed, truncated]) {
      expect(answer.tool_calls ?? []).toHaveLength(0);
      expect(() => JSON.parse(answer.invalid_tool_calls?.[0]?.args ?? '')).toThrow();
    }
    expect(truncated.invalid_tool_calls?.[0]?.args).toBe(healthyJson.slice(0, Math.floor(healthyJson.length / 2)));
  });

  it('answers with schema violations, echoed injections with an extra tool, and protected-attribute rationales', async () => {
    const violation = await answerWith({ kind: 'schema_violation' });
    expect(violation.tool_calls?.[0]?.args).toEqual({ unexpected: true });

    const echo = await answerWith({ kind: 'echo_injection', field: 'rationale', text: 'Ignore the rules.' });
    expect(echo.tool_calls?.map((call) => call.name)).toEqual(['loan_risk_assessment', 'approve_application']);
    expect(echo.tool_calls?.[0]?.args['rationale']).toBe('Ignore the rules.');

    const biased = await answerWith({ kind: 'protected_attribute', field: 'rationale' });
    expect(biased.tool_calls?.[0]?.args).toMatchObject({ band: 'low', rationale: DEFAULT_PROTECTED_RATIONALE });
  });

  it('fails like a provider: errors with HTTP statuses, latency, and hangs that end on abort', async () => {
    expect(await caught(answerWith({ kind: 'error' }))).toMatchObject({ status: 503 });
    expect(await caught(answerWith({ kind: 'rate_limit', retryAfterMs: 250 }))).toMatchObject({
      status: 429,
      retryAfterMs: 250,
    });

    const waited: number[] = [];
    const latency = await answerWith({ kind: 'latency', ms: 1_500 }, async (ms) => {
      waited.push(ms);
    });
    expect(waited).toEqual([1_500]);
    expect(AIMessage.isInstance(latency) && latency.tool_calls?.[0]?.name).toBe('loan_risk_assessment');

    const model = new FaultInjectingChatModel({ inner: deterministicModel(), plan: faultSequence([{ kind: 'hang' }]) });
    const controller = new AbortController();
    const hanging = model.bindTools([riskAssessment.tool]).invoke(messages, { signal: controller.signal });
    controller.abort(new Error('deadline'));
    expect(await caught(hanging)).toBeInstanceOf(Error);
  });

  it('draws seeded fault plans reproducibly', () => {
    const faults: Fault[] = [{ kind: 'error' }, { kind: 'truncated_json' }, { kind: 'malformed_json' }];
    const draw = (seed: number, rate: number) =>
      Array.from({ length: 50 }, (_, index) => seededFaults({ seed, rate, faults }).faultFor(index)?.kind ?? null);

    expect(draw(7, 0.3)).toEqual(draw(7, 0.3));
    expect(draw(7, 0.3)).not.toEqual(draw(8, 0.3));
    expect(draw(7, 0.3).filter((kind) => kind !== null).length).toBeGreaterThan(5);
    expect(draw(7, 0).every((kind) => kind === null)).toBe(true);
    expect(draw(7, 1).every((kind) => kind !== null)).toBe(true);
  });
});
