import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError } from '@baton/config';

/** A lower-case SQL identifier, for a demo's `--schema`. */
export const sqlIdentifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,40}$/, 'must be a lower-case SQL identifier (at most 41 characters)');

/** A broker namespace, for a demo's `--namespace`. */
export const brokerNamespace = z.string().regex(/^[a-z0-9_.-]{1,80}$/, 'must be 1 to 80 of a-z, 0-9, _ . -');

/** The options every demo takes alike: `--seed`, `--concurrency`, `--out`, `--namespace`. */
export const commonDemoArgs = {
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(42),
  /** Items in flight at once, in Baton's run and in the naive pipeline alike. */
  concurrency: z.coerce.number().int().min(1).max(64).default(8),
  out: z.string().min(1).default('tmp/demo'),
  /** Prefixes the demo's queues and exchanges, deleted at the end. */
  namespace: brokerNamespace.default('demo'),
};

/**
 * A demo's `--name value` arguments read by its zod schema (every option a string on the command
 * line, coerced by the schema); an unknown option or a bad value is a ConfigError naming it.
 *
 * @example parseDemoArgs(z.strictObject({ size: z.coerce.number().default(200) }), ['--size', '40']).size // 40
 */
export function parseDemoArgs<S extends z.ZodObject>(schema: S, argv: readonly string[]): z.infer<S> {
  const names = Object.keys(schema.shape);
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
      strict: true,
    }).values;
  } catch (error) {
    throw new ConfigError('INVALID_CONFIGURATION', `demo: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new ConfigError(
      'INVALID_CONFIGURATION',
      `demo: ${parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * The arguments of `argv` a demo declares (`--name value` or `--name=value`), for `npm run demo`
 * with no `--vertical`, where each demo gets the options it knows and the others are left out.
 *
 * @example argsFor(['--size', '40', '--kyc-ms', '5'], ['size']) // { kept: ['--size', '40'], dropped: ['--kyc-ms'] }
 */
export function argsFor(argv: readonly string[], declared: readonly string[]): { kept: string[]; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (let at = 0; at < argv.length; at++) {
    const arg = argv[at] as string;
    const name = arg.startsWith('--') ? (arg.slice(2).split('=')[0] ?? '') : '';
    const inline = arg.includes('=');
    const value =
      !inline && at + 1 < argv.length && !(argv[at + 1] as string).startsWith('--') ? argv[at + 1] : undefined;
    if (value !== undefined) at += 1;
    if (declared.includes(name)) kept.push(arg, ...(value === undefined ? [] : [value]));
    else dropped.push(arg);
  }
  return { kept, dropped };
}
