import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { getEncoding } from 'js-tiktoken';
import {
  applicationVariables,
  assessRisk,
  caught,
  deterministicModel,
  riskAssessment,
} from '../../../fixtures/loan-risk.fixture';
import { isLlmError } from '../errors/llm-error';
import { fenceData } from '../prompts/data-fence';
import { renderPrompt } from '../prompts/render-prompt';
import { DeterministicChatModel } from './deterministic-chat-model';

const prompt = (monthlyDebts?: number) =>
  renderPrompt(
    assessRisk,
    applicationVariables(monthlyDebts === undefined ? {} : { monthlyDebts }),
    riskAssessment.name,
  ).messages;

describe('DeterministicChatModel', () => {
  it('is a LangChain chat model whose structured output goes through LangChain’s own withStructuredOutput', async () => {
    const model = deterministicModel();
    expect(model).toBeInstanceOf(BaseChatModel);

    const structured = model.withStructuredOutput(riskAssessment.schema, { name: riskAssessment.name });

    // 900 / 6000 = 15% and 3000 / 6000 = 50%: computed from the prompt's fenced data by the rule.
    await expect(structured.invoke([...prompt()])).resolves.toEqual({
      band: 'low',
      score: 15,
      rationale: 'debt-to-income 15.0%',
    });
    await expect(structured.invoke([...prompt(3000)])).resolves.toEqual({
      band: 'high',
      score: 50,
      rationale: 'debt-to-income 50.0%',
    });
  });

  it('answers with one call to the bound tool and reports usage equal to js-tiktoken counts', async () => {
    const messages = prompt();
    const answer = await deterministicModel()
      .bindTools([riskAssessment.tool], { tool_choice: riskAssessment.name })
      .invoke([...messages]);

    expect(AIMessage.isInstance(answer)).toBe(true);
    expect(answer.tool_calls).toHaveLength(1);
    const [call] = answer.tool_calls ?? [];
    expect(call?.name).toBe('loan_risk_assessment');
    // Counted independently here, straight from js-tiktoken's bundled cl100k_base ranks.
    const encoding = getEncoding('cl100k_base');
    const inputTokens = messages.reduce((sum, message) => sum + encoding.encode(message.text).length, 0);
    const outputTokens = encoding.encode(JSON.stringify(call?.args)).length;
    expect(inputTokens).toBeGreaterThan(50);
    expect(answer.usage_metadata).toEqual({
      input_tokens: inputTokens,
      output_tokens: outputTokens,
      total_tokens: inputTokens + outputTokens,
    });
  });

  it('gives the same answer to the same prompt, and rule draws depend on the seed only', async () => {
    const drawRule = (seed: number) =>
      new DeterministicChatModel({ seed }).registerRule('draw', (_data, context) => ({ value: context.random() }));
    const ask = (seed: number) =>
      drawRule(seed)
        .bindTools([{ type: 'function', function: { name: 'draw', parameters: { type: 'object' } } }])
        .invoke([new HumanMessage(fenceData('x', 1))]);

    const [first, again, otherSeed] = await Promise.all([ask(1), ask(1), ask(2)]);
    expect(again.tool_calls).toEqual(first.tool_calls);
    expect(otherSeed.tool_calls?.[0]?.args).not.toEqual(first.tool_calls?.[0]?.args);
  });

  it('refuses to answer a schema it has no rule for, or without a bound tool', async () => {
    const model = new DeterministicChatModel();
    expect(isLlmError(await caught(model.bindTools([riskAssessment.tool]).invoke([...prompt()])), 'RULE_MISSING')).toBe(
      true,
    );
    expect(isLlmError(await caught(model.invoke('hello')), 'CONFIGURATION_INVALID')).toBe(true);
  });
});
