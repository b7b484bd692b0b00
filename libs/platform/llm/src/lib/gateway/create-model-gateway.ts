import { createModelChain, CreateModelOptions } from '../providers/create-model-entry';
import { readLlmConfig } from '../providers/llm-config';
import { ChatModelGateway, ChatModelGatewayOptions } from './chat-model-gateway';

export interface CreateModelGatewayOptions extends CreateModelOptions, Omit<ChatModelGatewayOptions, 'models'> {
  /** The environment to read `LLM_*` variables from (a composition root passes `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The gateway a composition root wants: models chosen by `LLM_PROVIDER`, `LLM_MODEL`,
 * `LLM_TEMPERATURE`, `LLM_TIMEOUT_MS` and `LLM_FALLBACK_MODELS`, nothing else to change.
 *
 * @example const gateway = await createModelGateway({ env: process.env, rules });
 */
export async function createModelGateway(options: CreateModelGatewayOptions): Promise<ChatModelGateway> {
  const { env, rules, seed, loadModule, ...gatewayOptions } = options;
  const models = await createModelChain(readLlmConfig(env), {
    ...(rules ? { rules } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(loadModule ? { loadModule } : {}),
  });
  return new ChatModelGateway({ ...gatewayOptions, models });
}
