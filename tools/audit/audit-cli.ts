// npm run audit -- verify [streamId] [--vertical <short>]
// Re-computes the hash chain of one stream (or every stream) and reports the first changed,
// deleted, inserted or reordered event. Exits 1 when anything fails to verify, 2 on bad usage.
// Reads DATABASE_SCHEMA (default: the vertical's schema) and AUDIT_HMAC_KEY or AUDIT_HMAC_KEY_FILE.
import { parseArgs } from 'node:util';
import { ConfigError } from '@baton/config';
import {
  isStateStoreError,
  loadAuditKey,
  openStateStore,
  StreamVerification,
  verifyAllStreams,
  verifyStream,
} from '@baton/state-store';
import { readToolVertical, runTool } from '../vertical-tool';

const USAGE = 'usage: npm run audit -- verify [streamId] [--vertical <short>]';

function row(result: StreamVerification): string {
  return result.verified
    ? `| ${result.streamId} | verified | ${result.events} events |`
    : `| ${result.streamId} | ${result.problem} at version ${result.version} | ${result.detail} |`;
}

/** The stream (if one) and the vertical named; null when the arguments do not form a command. */
function readArgs(args: readonly string[]): { streamId?: string; vertical?: string } | null {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { vertical: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [command, streamId, ...rest] = positionals;
    return command === 'verify' && rest.length === 0 ? { streamId, vertical: values.vertical } : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  if (!args) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const { config } = readToolVertical(args.vertical);
  let key;
  try {
    key = loadAuditKey({ AUDIT_HMAC_KEY: config.AUDIT_HMAC_KEY, AUDIT_HMAC_KEY_FILE: config.AUDIT_HMAC_KEY_FILE });
  } catch (error) {
    if (isStateStoreError(error)) throw new ConfigError('INVALID_CONFIGURATION', error.message);
    throw error;
  }
  const dataSource = await openStateStore({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2 });
  try {
    const results = args.streamId
      ? [await verifyStream(dataSource, key, args.streamId)]
      : await verifyAllStreams(dataSource, key);
    console.log('| stream | result | detail |\n| --- | --- | --- |');
    results.forEach((result) => console.log(row(result)));
    const failed = results.filter((result) => !result.verified).length;
    console.log(`\naudit: ${results.length - failed} verified, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

void runTool(main);
