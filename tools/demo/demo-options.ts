import { z } from 'zod';
import { loadConfig, platformEnvSchema } from '@baton/config';
import { DEMO_OUTSIDE_LATENCY_MS, type OutsideSystem } from '@baton/loan-underwriting-feature';
import { commonDemoArgs, parseDemoArgs, sqlIdentifier } from './demo-args';

/** The demo's command line: `npm run demo -- --size 300 --seed 42 ...`. */
export const demoArgsSchema = z.strictObject({
  size: z.coerce.number().int().min(1).max(100_000).default(300),
  ...commonDemoArgs,
  /** A hosted model's round trip, added to every model call in the comparison (0: no comparison run of its own). */
  'model-latency-ms': z.coerce.number().int().min(0).max(60_000).default(800),
  /** The simulated outside systems' typical answer times (ms), paid by Baton's agents and the naive pipeline alike. */
  'kyc-ms': z.coerce.number().int().min(0).max(60_000).default(DEMO_OUTSIDE_LATENCY_MS.kyc),
  'sanctions-ms': z.coerce.number().int().min(0).max(60_000).default(DEMO_OUTSIDE_LATENCY_MS.sanctions),
  'bureau-ms': z.coerce.number().int().min(0).max(60_000).default(DEMO_OUTSIDE_LATENCY_MS.bureau),
  'income-ms': z.coerce.number().int().min(0).max(60_000).default(DEMO_OUTSIDE_LATENCY_MS.income),
  /** How far one call strays from its typical time (0.25: within ±25%), seeded per application. */
  'outside-jitter': z.coerce.number().min(0).max(1).default(0.25),
  /** Prices the recorded token counts as this model of the price table: `gpt-4o-mini` or `anthropic:claude-3-5-haiku`. */
  'price-as': z.string().min(1).default('gpt-4o-mini'),
  /** The schema the demo resets and fills. */
  schema: sqlIdentifier.default('loan_demo'),
  /**
   * `split`: an API process and a worker process (the production shape); `all`: one process with
   * every role. Measured on 2 cores with the default portfolio, split was a little faster (p50
   * 215 vs 222 ms without model latency, 25.8 vs 27.2 s wall with 800 ms), so it is the default.
   */
  layout: z.enum(['all', 'split']).default('split'),
});

export const demoEnvSchema = platformEnvSchema.pick({ DATABASE_URL: true, RABBITMQ_URL: true }).extend({
  KPI_INFRA_COST_PER_STEP_USD: z.coerce.number().nonnegative().default(0.0005),
});

export interface DemoOptions {
  readonly size: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly modelLatencyMs: number;
  /** The outside systems' typical latencies and their jitter. */
  readonly outside: { readonly latencyMs: Readonly<Record<OutsideSystem, number>>; readonly jitter: number };
  readonly out: string;
  readonly priceAs: string;
  readonly schema: string;
  readonly namespace: string;
  readonly layout: 'all' | 'split';
  readonly databaseUrl: string;
  readonly rabbitmqUrl: string;
  readonly infraCostPerStepUsd: number;
}

/**
 * The demo's options from its arguments and the environment (`DATABASE_URL`, `RABBITMQ_URL`,
 * `KPI_INFRA_COST_PER_STEP_USD`); a bad one is a ConfigError naming it.
 *
 * @example readDemoOptions(['--size', '40', '--model-latency-ms', '20'], process.env).size // 40
 */
export function readDemoOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DemoOptions {
  const args = parseDemoArgs(demoArgsSchema, argv);
  const config = loadConfig(demoEnvSchema, env);
  return {
    size: args.size,
    seed: args.seed,
    concurrency: args.concurrency,
    modelLatencyMs: args['model-latency-ms'],
    outside: {
      latencyMs: {
        kyc: args['kyc-ms'],
        sanctions: args['sanctions-ms'],
        bureau: args['bureau-ms'],
        income: args['income-ms'],
      },
      jitter: args['outside-jitter'],
    },
    out: args.out,
    priceAs: args['price-as'],
    schema: args.schema,
    namespace: args.namespace,
    layout: args.layout,
    databaseUrl: config.DATABASE_URL,
    rabbitmqUrl: config.RABBITMQ_URL,
    infraCostPerStepUsd: config.KPI_INFRA_COST_PER_STEP_USD,
  };
}
