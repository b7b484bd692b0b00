import {
  applicationVariables,
  caught,
  fixedClock,
  loanRules,
  riskInvocation,
  thrown,
} from '../../../fixtures/loan-risk.fixture';
import { isLlmError } from '../errors/llm-error';
import { createModelGateway } from '../gateway/create-model-gateway';
import { createModelEntry } from './create-model-entry';
import { DeterministicChatModel, DeterministicChatModelFields } from './deterministic-chat-model';
import { readLlmConfig } from './llm-config';

describe('provider selection by configuration', () => {
  it('defaults to the deterministic provider, which answers offline', async () => {
    expect(readLlmConfig({}).chain).toEqual([
      {
        provider: 'deterministic',
        model: 'deterministic-v1',
        temperature: 0,
        timeoutMs: 30_000,
        maxOutputTokens: 1_024,
      },
    ]);

    const gateway = await createModelGateway({ env: {}, rules: loanRules(), clock: fixedClock() });
    const { result } = await gateway.invoke(riskInvocation());

    expect(result).toMatchObject({ provider: 'deterministic', model: 'deterministic-v1', output: { band: 'low' } });
  });

  it.each([
    ['openai', '@langchain/openai'],
    ['anthropic', '@langchain/anthropic'],
    ['ollama', '@langchain/ollama'],
  ])(
    'refuses LLM_PROVIDER=%s without its package, telling the operator to install %s',
    async (provider, packageName) => {
      // The packages are deliberately not installed here; the real module loader is used.
      expect(() => require.resolve(packageName)).toThrow();

      const error = await caught(createModelGateway({ env: { LLM_PROVIDER: provider } }));

      expect(isLlmError(error, 'PROVIDER_NOT_INSTALLED')).toBe(true);
      expect((error as Error).message).toContain(`npm install ${packageName}`);
    },
  );

  it('swaps the model with configuration only: the chosen package is loaded and built from LLM_* settings', async () => {
    const constructed: Record<string, unknown>[] = [];
    // Stands in for @langchain/openai: a LangChain chat model built from the fields it is given.
    class ChatOpenAI extends DeterministicChatModel {
      constructor(fields: Record<string, unknown>) {
        constructed.push(fields);
        super({ ...(fields as DeterministicChatModelFields), rules: loanRules() });
      }
    }
    const loaded: string[] = [];
    const env = { LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4o', LLM_TEMPERATURE: '0.2', LLM_TIMEOUT_MS: '5000' };

    const gateway = await createModelGateway({
      env,
      clock: fixedClock(),
      loadModule: async (name) => (loaded.push(name), { ChatOpenAI }),
    });
    const { result } = await gateway.invoke(riskInvocation(applicationVariables()));

    expect(loaded).toEqual(['@langchain/openai']);
    expect(constructed).toEqual([
      { model: 'gpt-4o', temperature: 0.2, timeout: 5_000, maxTokens: 1_024, maxRetries: 0 },
    ]);
    expect(result).toMatchObject({ provider: 'openai', model: 'gpt-4o' });
    // Priced as gpt-4o ($2.50 / $10 per million tokens).
    expect(Math.round(result.costUsd * 1e9)).toBe(
      result.usage.inputTokens * 2_500 + result.usage.outputTokens * 10_000,
    );
  });

  it('does not mistake a missing dependency inside an installed package for a missing provider', async () => {
    const deep = Object.assign(new Error("Cannot find module 'openai'"), { code: 'MODULE_NOT_FOUND' });
    const spec = readLlmConfig({ LLM_PROVIDER: 'openai' }).chain[0];
    if (!spec) throw new Error('no spec');
    expect(await caught(createModelEntry(spec, { loadModule: async () => Promise.reject(deep) }))).toBe(deep);
  });

  it('reads a fallback chain and rejects bad values with a readable CONFIGURATION_INVALID', () => {
    const chain = readLlmConfig({
      LLM_PROVIDER: 'anthropic',
      LLM_FALLBACK_MODELS: 'openai:gpt-4o-mini, deterministic',
    }).chain;
    expect(chain.map((spec) => `${spec.provider}:${spec.model}`)).toEqual([
      'anthropic:claude-3-5-haiku-20241022',
      'openai:gpt-4o-mini',
      'deterministic:deterministic-v1',
    ]);

    const error = thrown(() => readLlmConfig({ LLM_PROVIDER: 'gpt', LLM_TIMEOUT_MS: '-1' }));
    expect(isLlmError(error, 'CONFIGURATION_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/LLM_PROVIDER.*LLM_TIMEOUT_MS/);
    expect(
      isLlmError(
        thrown(() => readLlmConfig({ LLM_FALLBACK_MODELS: 'mistral:large' })),
        'CONFIGURATION_INVALID',
      ),
    ).toBe(true);
  });
});
