// npm run token -- [--vertical <short>] --role <role> --tenant <tenant> [--subject <s>] [--ttl <seconds>]
// Prints one signed bearer token for the vertical's API, and nothing else, on stdout:
//   TOKEN=$(npm run -s token -- --role underwriter --tenant acme)
// The roles are the vertical's (`definition.roles`). The key is AUTH_SIGNING_KEY when set (no
// database needed), else the one the API generated in DATABASE_SCHEMA (default: the vertical's
// schema), created here with its table if this runs first.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError } from '@baton/config';
import { httpMigrations, SigningKeyStore, TokenService } from '@baton/http';
import { openStateStore } from '@baton/state-store';
import { readToolVertical, runTool } from '../vertical-tool';

const USAGE =
  'usage: npm run token -- [--vertical <short>] --role <role> --tenant <tenant> [--subject <s>] [--ttl <seconds>]';

const argsSchema = (roles: readonly string[]) =>
  z.object({
    role: z.enum(roles as [string, ...string[]], { error: `--role must be one of ${roles.join(', ')}` }),
    tenant: z
      .string({ error: '--tenant is required' })
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
        '--tenant must be 1-100 letters, digits, dots, dashes or underscores',
      ),
    subject: z
      .string()
      .min(1, '--subject must not be empty')
      .max(200, '--subject must be at most 200 characters')
      .optional(),
    ttl: z.coerce
      .number({ error: '--ttl must be a whole number of seconds' })
      .int('--ttl must be a whole number of seconds')
      .positive('--ttl must be positive')
      .optional(),
  });

function readFlags(): Record<string, string | undefined> {
  try {
    return parseArgs({
      options: {
        vertical: { type: 'string' },
        role: { type: 'string' },
        tenant: { type: 'string' },
        subject: { type: 'string' },
        ttl: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    // Node's message for an unknown flag runs on about positional arguments: name the flag only.
    const flag = /'(--?[^']*)'/.exec((error as Error).message)?.[1];
    return usageError(flag ? `unknown option ${flag}` : (error as Error).message);
  }
}

function usageError(message: string): never {
  process.stderr.write(`baton: ${message} (${USAGE})\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { vertical: name, ...flags } = readFlags();
  const { vertical, config } = readToolVertical(name);
  const parsed = argsSchema(vertical.definition.roles).safeParse(flags);
  if (!parsed.success) usageError(parsed.error.issues[0]?.message ?? 'invalid arguments');
  const args = parsed.data;
  const secret = config.AUTH_SIGNING_KEY ?? (await storedSigningKey(config.DATABASE_URL, config.DATABASE_SCHEMA));
  const token = await new TokenService(secret).issue({
    role: args.role,
    tenant: args.tenant,
    subject: args.subject,
    ttlSeconds: args.ttl,
  });
  process.stdout.write(`${token}\n`);
}

/** The API's generated key, from (or created in) the schema; the table is migrated in if missing. */
async function storedSigningKey(url: string, schemaName: string): Promise<string> {
  const dataSource = await openStateStore({
    url,
    schema: schemaName,
    poolSize: 1,
    migrations: [...httpMigrations],
  }).catch((error: unknown) => {
    throw new ConfigError('DEPENDENCY_UNREACHABLE', `cannot open the database: ${(error as Error).message}`, {
      cause: error,
    });
  });
  try {
    return await new SigningKeyStore(dataSource).getOrCreate();
  } finally {
    await dataSource.destroy();
  }
}

void runTool(main);
