// npm run erase -- <subjectId>
// Erases a data subject's key: their personal fields in events become unreadable ("[erased]")
// everywhere, while the events, and the audit chain over their ciphertext, stay as they are.
// Running processes that cached the key see the erasure within their keyring's TTL (30 s).
import { z } from 'zod';
import { loadConfig, platformEnvSchema, runMain } from '@baton/config';
import { openStateStore, SubjectKeyring } from '@baton/state-store';

const schema = platformEnvSchema.extend({
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier')
    .default('loan'),
});

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const subjectId = args[0];
  if (args.length !== 1 || !subjectId) {
    console.error('usage: npm run erase -- <subjectId>');
    process.exit(2);
  }
  const config = loadConfig(schema);
  const dataSource = await openStateStore({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 1 });
  try {
    const { alreadyErased } = await new SubjectKeyring(dataSource).erase(subjectId);
    console.log(alreadyErased ? `subject ${subjectId} was already erased` : `erased subject ${subjectId}`);
  } finally {
    await dataSource.destroy();
  }
}

void runMain(main);
