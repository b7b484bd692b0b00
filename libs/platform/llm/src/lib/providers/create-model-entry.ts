import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { LlmError } from '../errors/llm-error';
import { DeterministicChatModel } from './deterministic-chat-model';
import { DeterministicRules } from './deterministic-rules';
import type { LlmConfig, ModelSpec } from './llm-config';
import type { ModelEntry } from './model-entry';

/** Loads a module by name; injectable so tests can stand in for a provider package. */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

/**
 * Node's own loader: provider packages are loaded only when configured.
 *
 * @example const openai = await loadModule('@langchain/openai');
 */
export const loadModule: ModuleLoader = (specifier) => import(specifier);

export interface CreateModelOptions {
  /** The rules the deterministic model answers with. */
  readonly rules?: DeterministicRules;
  /** The deterministic model's seed. */
  readonly seed?: number;
  readonly loadModule?: ModuleLoader;
}

interface HostedProvider {
  readonly packageName: string;
  readonly exportName: string;
  readonly fields: (spec: ModelSpec) => Record<string, unknown>;
  readonly toolChoice: boolean;
}

// maxRetries 0: the gateway owns retries and the breaker; an SDK retrying six times behind
// its back would hide failures from both and blow through timeouts.
const hostedProviders: Readonly<Record<Exclude<ModelSpec['provider'], 'deterministic'>, HostedProvider>> = {
  openai: {
    packageName: '@langchain/openai',
    exportName: 'ChatOpenAI',
    fields: (spec) => ({
      model: spec.model,
      temperature: spec.temperature,
      timeout: spec.timeoutMs,
      maxTokens: spec.maxOutputTokens,
      maxRetries: 0,
    }),
    toolChoice: true,
  },
  anthropic: {
    packageName: '@langchain/anthropic',
    exportName: 'ChatAnthropic',
    fields: (spec) => ({
      model: spec.model,
      temperature: spec.temperature,
      maxTokens: spec.maxOutputTokens,
      maxRetries: 0,
      clientOptions: { timeout: spec.timeoutMs },
    }),
    toolChoice: true,
  },
  ollama: {
    packageName: '@langchain/ollama',
    exportName: 'ChatOllama',
    fields: (spec) => ({
      model: spec.model,
      temperature: spec.temperature,
      numPredict: spec.maxOutputTokens,
      ...(spec.baseUrl ? { baseUrl: spec.baseUrl } : {}),
    }),
    // Ollama's tool calling has no forced choice; the single bound tool is still the only one offered.
    toolChoice: false,
  },
};

/**
 * Creates the chat model a spec names. Hosted providers' LangChain packages are imported only
 * here, only when chosen; a missing one is PROVIDER_NOT_INSTALLED with the command that fixes it.
 *
 * @example const entry = await createModelEntry({ provider: 'deterministic', model: 'deterministic-v1', temperature: 0, timeoutMs: 5000, maxOutputTokens: 512 }, { rules });
 */
export async function createModelEntry(spec: ModelSpec, options: CreateModelOptions = {}): Promise<ModelEntry> {
  const base = {
    provider: spec.provider,
    model: spec.model,
    timeoutMs: spec.timeoutMs,
    maxOutputTokens: spec.maxOutputTokens,
  };
  if (spec.provider === 'deterministic') {
    const rules = options.rules ?? new DeterministicRules();
    return { ...base, chatModel: new DeterministicChatModel({ model: spec.model, rules, seed: options.seed ?? 0 }) };
  }
  const hosted = hostedProviders[spec.provider];
  let module: unknown;
  try {
    module = await (options.loadModule ?? loadModule)(hosted.packageName);
  } catch (error) {
    if (isMissingModule(error, hosted.packageName)) {
      throw new LlmError(
        'PROVIDER_NOT_INSTALLED',
        `LLM_PROVIDER=${spec.provider} needs ${hosted.packageName}, which is not installed. Run: npm install ${hosted.packageName}`,
        { cause: error, provider: spec.provider },
      );
    }
    throw error;
  }
  const constructor = (module as Record<string, unknown> | null)?.[hosted.exportName];
  if (typeof constructor !== 'function') {
    throw new LlmError('CONFIGURATION_INVALID', `${hosted.packageName} does not export ${hosted.exportName}`, {
      provider: spec.provider,
    });
  }
  const chatModel = new (constructor as new (fields: Record<string, unknown>) => BaseChatModel)(hosted.fields(spec));
  return { ...base, chatModel, toolChoice: hosted.toolChoice };
}

/**
 * Creates every model of a configured chain, primary first.
 *
 * @example const models = await createModelChain(readLlmConfig(process.env), { rules });
 */
export async function createModelChain(config: LlmConfig, options: CreateModelOptions = {}): Promise<ModelEntry[]> {
  const entries: ModelEntry[] = [];
  for (const spec of config.chain) entries.push(await createModelEntry(spec, options));
  return entries;
}

function isMissingModule(error: unknown, packageName: string): boolean {
  // Duck-typed: the error may come from another realm (jest's resolver, a vm), where
  // `instanceof Error` is false.
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // The package itself must be the missing one, not some dependency deep inside it.
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${packageName}'`)
  );
}
