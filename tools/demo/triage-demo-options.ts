import { z } from 'zod';
import { loadConfig, platformEnvSchema } from '@baton/config';
import { commonDemoArgs, parseDemoArgs, sqlIdentifier } from './demo-args';

/** Triage's demo command line: `npm run demo -- --vertical triage --size 200 --seed 42 ...`. */
export const triageDemoArgsSchema = z.strictObject({
  /** Arrivals in the stream (a department's mix, `syntheticArrivals`). */
  size: z.coerce.number().int().min(1).max(100_000).default(200),
  ...commonDemoArgs,
  /** Added to every model call, Baton's (`LLM_SIMULATED_LATENCY_MS`, under its 500 ms deadline) and the naive one's. */
  'model-latency-ms': z.coerce.number().int().min(0).max(60_000).default(0),
  /** The schema the demo resets and fills. */
  schema: sqlIdentifier.default('triage_demo'),
  /** `split`: an API process and a worker process (the production shape); `all`: one process. */
  layout: z.enum(['all', 'split']).default('split'),
});

export interface TriageDemoOptions {
  readonly size: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly modelLatencyMs: number;
  readonly out: string;
  readonly schema: string;
  readonly namespace: string;
  readonly layout: 'all' | 'split';
  readonly databaseUrl: string;
  readonly rabbitmqUrl: string;
}

/**
 * Triage's demo options from its arguments and the environment (`DATABASE_URL`, `RABBITMQ_URL`);
 * a bad one is a ConfigError naming it.
 *
 * @example readTriageDemoOptions(['--size', '24'], process.env).size // 24
 */
export function readTriageDemoOptions(argv: readonly string[], env: NodeJS.ProcessEnv): TriageDemoOptions {
  const args = parseDemoArgs(triageDemoArgsSchema, argv);
  const config = loadConfig(platformEnvSchema.pick({ DATABASE_URL: true, RABBITMQ_URL: true }), env);
  return {
    size: args.size,
    seed: args.seed,
    concurrency: args.concurrency,
    modelLatencyMs: args['model-latency-ms'],
    out: args.out,
    schema: args.schema,
    namespace: args.namespace,
    layout: args.layout,
    databaseUrl: config.DATABASE_URL,
    rabbitmqUrl: config.RABBITMQ_URL,
  };
}
