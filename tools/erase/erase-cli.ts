// npm run erase -- [--vertical <short>] <subjectId>
// Erases a data subject's key: their personal fields in events become unreadable ("[erased]")
// everywhere, while the events, and the audit chain over their ciphertext, stay as they are.
// Running processes that cached the key see the erasure within their keyring's TTL (30 s).
// Works in DATABASE_SCHEMA (default: the vertical's schema).
import { parseArgs } from 'node:util';
import { openStateStore, SubjectKeyring } from '@baton/state-store';
import { readToolVertical, runTool } from '../vertical-tool';

const USAGE = 'usage: npm run erase -- [--vertical <short>] <subjectId>';

/** The subject and the vertical named; null when the arguments do not form a command. */
function readArgs(args: readonly string[]): { subjectId: string; vertical?: string } | null {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { vertical: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [subjectId, ...rest] = positionals;
    return subjectId && rest.length === 0 ? { subjectId, vertical: values.vertical } : null;
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
  const dataSource = await openStateStore({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 1 });
  try {
    const { alreadyErased } = await new SubjectKeyring(dataSource).erase(args.subjectId);
    console.log(alreadyErased ? `subject ${args.subjectId} was already erased` : `erased subject ${args.subjectId}`);
  } finally {
    await dataSource.destroy();
  }
}

void runTool(main);
