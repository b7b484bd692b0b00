import { z } from 'zod';
import { platformEnvSchema } from '@baton/config';

/** The loan underwriting app's configuration: the platform's variables plus its own, read once at start-up. */
export const loanEnvSchema = platformEnvSchema.extend({
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
    .default('loan'),
  /** Workers and relays serve Prometheus metrics here (the API serves them on PORT). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** How long a referral waits for an underwriter before it is declined (REVIEW_EXPIRED). */
  REVIEW_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 3_600_000),
  /** Seeds the simulated outside systems' records. */
  OUTSIDE_SEED: z.coerce.number().int().default(42),
  /** Prefixes queue and exchange names (isolated test and demo runs); empty in production. */
  BROKER_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_.-]*$/)
    .default(''),
  /** Signs the API's bearer tokens; without it the key generated at first start and kept in the database. */
  AUTH_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Requests each tenant may make per window, across the API's routes (429 with Retry-After beyond). */
  RATE_LIMIT: z.coerce.number().int().positive().default(200),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().positive().default(1_000),
  /** Adds this latency to every model call: a hosted model's round trip for demos and comparisons. */
  LLM_SIMULATED_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Priced into `/kpi`'s cost per transaction beside the model's cost. */
  KPI_INFRA_COST_PER_STEP_USD: z.coerce.number().nonnegative().default(0.0005),
});
export type LoanEnv = z.output<typeof loanEnvSchema>;
