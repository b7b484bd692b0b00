import { z } from 'zod';
import { LlmError } from '../errors/llm-error';

/** The providers `LLM_PROVIDER` may name. */
export const llmProviderSchema = z.enum(['deterministic', 'openai', 'anthropic', 'ollama']);
export type LlmProvider = z.infer<typeof llmProviderSchema>;

/** The model each provider uses when `LLM_MODEL` is not set. */
export const defaultModels: Readonly<Record<LlmProvider, string>> = {
  deterministic: 'deterministic-v1',
  openai: 'gpt-4o-mini',
  anthropic: 'claude-3-5-haiku-20241022',
  ollama: 'llama3.1',
};

/**
 * The environment variables of the model gateway. Unknown variables are ignored. Swapping the
 * model is a change here and nowhere else.
 */
export const llmEnvSchema = z.object({
  LLM_PROVIDER: llmProviderSchema.default('deterministic'),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  LLM_MAX_OUTPUT_TOKENS: z.coerce.number().int().positive().default(1_024),
  /** Fallback chain after the primary, e.g. `anthropic:claude-3-5-haiku-20241022,deterministic`. */
  LLM_FALLBACK_MODELS: z.string().optional(),
  OLLAMA_BASE_URL: z.url().optional(),
});

/** One model to create. */
export interface ModelSpec {
  readonly provider: LlmProvider;
  readonly model: string;
  readonly temperature: number;
  readonly timeoutMs: number;
  readonly maxOutputTokens: number;
  readonly baseUrl?: string;
}

/** The gateway's model chain: primary first, then fallbacks in order. */
export interface LlmConfig {
  readonly chain: readonly ModelSpec[];
}

/**
 * Reads the LLM configuration from environment variables (defaults: the deterministic model,
 * offline). A bad value is a CONFIGURATION_INVALID naming every offending variable.
 *
 * @example const config = readLlmConfig(process.env); // { chain: [{ provider: 'deterministic', model: 'deterministic-v1', ... }] }
 */
export function readLlmConfig(env: Readonly<Record<string, string | undefined>>): LlmConfig {
  const parsed = llmEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`)
      .join('; ');
    throw new LlmError('CONFIGURATION_INVALID', `invalid LLM configuration: ${problems}`);
  }
  const vars = parsed.data;
  const shared = {
    temperature: vars.LLM_TEMPERATURE,
    timeoutMs: vars.LLM_TIMEOUT_MS,
    maxOutputTokens: vars.LLM_MAX_OUTPUT_TOKENS,
  };
  const spec = (provider: LlmProvider, model: string | undefined): ModelSpec => ({
    provider,
    model: model ?? defaultModels[provider],
    ...shared,
    ...(provider === 'ollama' && vars.OLLAMA_BASE_URL ? { baseUrl: vars.OLLAMA_BASE_URL } : {}),
  });
  const fallbacks = (vars.LLM_FALLBACK_MODELS ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const [provider, ...model] = item.split(':');
      const known = llmProviderSchema.safeParse(provider);
      if (!known.success)
        throw new LlmError('CONFIGURATION_INVALID', `LLM_FALLBACK_MODELS: unknown provider in ${JSON.stringify(item)}`);
      return spec(known.data, model.length > 0 ? model.join(':') : undefined);
    });
  return { chain: [spec(vars.LLM_PROVIDER, vars.LLM_MODEL), ...fallbacks] };
}
