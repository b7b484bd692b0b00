// npm run audit -- verify [streamId]
// Re-computes the hash chain of one stream (or every stream) and reports the first changed,
// deleted, inserted or reordered event. Exits 1 when anything fails to verify.
import { z } from 'zod';
import { loadConfig, platformEnvSchema, runMain, ConfigError } from '@baton/config';
import {
  isStateStoreError,
  loadAuditKey,
  openStateStore,
  StreamVerification,
  verifyAllStreams,
  verifyStream,
} from '@baton/state-store';

const schema = platformEnvSchema.extend({
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier')
    .default('baton'),
});

function row(result: StreamVerification): string {
  return result.verified
    ? `| ${result.streamId} | verified | ${result.events} events |`
    : `| ${result.streamId} | ${result.problem} at version ${result.version} | ${result.detail} |`;
}

async function main(): Promise<void> {
  const [command, streamId] = process.argv.slice(2);
  if (command !== 'verify') {
    console.error('usage: npm run audit -- verify [streamId]');
    process.exit(2);
  }
  const config = loadConfig(schema);
  let key;
  try {
    key = loadAuditKey(process.env);
  } catch (error) {
    if (isStateStoreError(error)) throw new ConfigError('INVALID_CONFIGURATION', error.message);
    throw error;
  }
  const dataSource = await openStateStore({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2 });
  try {
    const results = streamId
      ? [await verifyStream(dataSource, key, streamId)]
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

void runMain(main);
