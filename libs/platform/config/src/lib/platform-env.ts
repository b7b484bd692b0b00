import { z } from 'zod';

const url = (protocols: readonly string[]) =>
  z.url().refine((value) => protocols.includes(new URL(value).protocol), {
    message: `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`,
  });

/** The roles a vertical's one image can run as. */
export const roleSchema = z.enum(['api', 'worker', 'relay', 'all']);
export type Role = z.infer<typeof roleSchema>;

/**
 * Variables every Baton process reads (ARCHITECTURE.md, Configuration). Apps extend this with
 * their own; unknown variables are ignored, since the environment holds much else.
 */
export const platformEnvSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/baton'),
  RABBITMQ_URL: url(['amqp:', 'amqps:']).default('amqp://guest:guest@127.0.0.1:5672'),
  LLM_PROVIDER: z.enum(['deterministic', 'openai', 'anthropic', 'ollama']).default('deterministic'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  ROLE: roleSchema.default('all'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type PlatformEnv = z.output<typeof platformEnvSchema>;
