import {
  ChatModelGateway,
  createModelChain,
  DeterministicRules,
  FaultInjectingChatModel,
  ModelGateway,
  readLlmConfig,
} from '@baton/llm';
import type { VerticalConfig } from '../definition/vertical-definition';

/** The `LLM_*` variables of a configuration, as `@baton/llm` reads them. */
export function llmEnvOf(config: VerticalConfig): Record<string, string | undefined> {
  return {
    LLM_PROVIDER: config.LLM_PROVIDER,
    LLM_MODEL: config.LLM_MODEL,
    LLM_TEMPERATURE: config.LLM_TEMPERATURE,
    LLM_TIMEOUT_MS: config.LLM_TIMEOUT_MS,
    LLM_MAX_OUTPUT_TOKENS: config.LLM_MAX_OUTPUT_TOKENS,
    LLM_FALLBACK_MODELS: config.LLM_FALLBACK_MODELS,
    OLLAMA_BASE_URL: config.OLLAMA_BASE_URL,
  };
}

/**
 * The configured model chain, with the vertical's deterministic rules for the offline model.
 * `LLM_SIMULATED_LATENCY_MS` slows every model by that much: a hosted model's round trip, for
 * demos and comparisons.
 */
export async function verticalModelGateway(config: VerticalConfig, rules?: DeterministicRules): Promise<ModelGateway> {
  const models = await createModelChain(readLlmConfig(llmEnvOf(config)), rules ? { rules } : {});
  const latencyMs = config.LLM_SIMULATED_LATENCY_MS;
  if (latencyMs <= 0) return new ChatModelGateway({ models });
  const slowed = models.map((model) => ({
    ...model,
    chatModel: new FaultInjectingChatModel({
      inner: model.chatModel,
      plan: { faultFor: () => ({ kind: 'latency', ms: latencyMs }) },
    }),
  }));
  return new ChatModelGateway({ models: slowed });
}
