import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * Reads a process's configuration once, at start-up, from environment variables. Every bad
 * variable is named with its rule in one error; values are never echoed (they may be secrets).
 *
 * @example
 * const config = loadConfig(platformEnvSchema.extend({ PORT: z.coerce.number().default(3000) }));
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new ConfigError('INVALID_CONFIGURATION', `invalid configuration: ${problems.join('; ')}`);
}
