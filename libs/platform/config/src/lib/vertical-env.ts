import { z } from 'zod';
import { platformEnvSchema } from './platform-env';

const sqlIdentifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier');

/**
 * What every process of a vertical reads, beside the platform's variables: where its state and
 * broker names live, how it is sized, how it stops, and the HTTP and model settings every
 * vertical's roles share. A vertical extends it with its own variables (`defineVertical`'s
 * `env`); nothing else in a process reads `process.env`.
 *
 * `DATABASE_SCHEMA` has no default here: the vertical's definition supplies it.
 *
 * @example const loanEnv = verticalEnvSchema.extend({ REVIEW_TIMEOUT_MS: z.coerce.number().default(86_400_000) });
 */
export const verticalEnvSchema = platformEnvSchema.extend({
  DATABASE_SCHEMA: sqlIdentifier.optional(),
  /** Connections in each process's PostgreSQL pool; by default sized from the role's concurrency. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).optional(),
  /** Prefixes queue and exchange names (isolated test and demo runs); empty in production. */
  BROKER_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_.-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"')
    .default(''),
  /** Workers and relays serve Prometheus metrics here (the API serves them on PORT). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** How long a stopping process may take to finish what it holds before it exits anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** The model's name for `LLM_PROVIDER`; each provider has a default. */
  LLM_MODEL: z.string().min(1).optional(),
  /** Adds this latency to every model call: a hosted model's round trip for demos and comparisons. */
  LLM_SIMULATED_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** The model gateway's other settings, checked in full by `@baton/llm`'s `readLlmConfig`. */
  LLM_TEMPERATURE: z.string().optional(),
  LLM_TIMEOUT_MS: z.string().optional(),
  LLM_MAX_OUTPUT_TOKENS: z.string().optional(),
  /** Fallback chain after the primary, e.g. `anthropic:claude-3-5-haiku-20241022,deterministic`. */
  LLM_FALLBACK_MODELS: z.string().optional(),
  OLLAMA_BASE_URL: z.url().optional(),
  /** The audit hash chain's key (hex or base64, 32 bytes or more), or a file holding it; never in the database. */
  AUDIT_HMAC_KEY: z.string().min(1).optional(),
  AUDIT_HMAC_KEY_FILE: z.string().min(1).optional(),
  /** Signs the API's bearer tokens; without it the key generated at first start and kept in the database. */
  AUTH_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Requests each tenant may make per window, across the API's routes (429 with Retry-After beyond). */
  RATE_LIMIT: z.coerce.number().int().positive().default(200),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().positive().default(1_000),
  /** Priced into `/kpi`'s cost per transaction beside the model's cost. */
  KPI_INFRA_COST_PER_STEP_USD: z.coerce.number().nonnegative().default(0.0005),
});
export type VerticalEnv = z.output<typeof verticalEnvSchema>;
