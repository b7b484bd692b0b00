// npm run policy -- <command> [--vertical <short>]
//   validate <file>...                         every problem of each document, naming rule and field; exit 1 if any is invalid
//   test <dir>                                 runs the table tests the policy files carry; exit 1 on any failure
//   explain --intent <i> --context <file|json> [--policy-file <file>] [--at <instant>]
//                                              which rules matched, which did not, and why (active versions unless --policy-file)
//   replay --from <instant> --version <v> [--policy <id>] [--to <instant>]
//                                              re-decides recorded decisions under another version and prints the differences
//   save <file> | activate <policyId> <version> | versions
// Database commands (explain without --policy-file, replay, save, activate, versions) work on the
// vertical's schema: DATABASE_SCHEMA, default the vertical's; replay also reads AUDIT_HMAC_KEY or
// AUDIT_HMAC_KEY_FILE. validate, test and explain --policy-file need no vertical and no database.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@baton/config';
import {
  CompiledPolicy,
  DecisionLog,
  explainIntent,
  formatExplanation,
  formatPolicyIssue,
  formatReplayReport,
  isPolicyError,
  isPolicyValidationError,
  PolicyEngine,
  policyEntities,
  policyFilesIn,
  policyMigrations,
  PolicySet,
  postgresDecisionLog,
  PostgresPolicyStore,
  readPolicyFile,
  runPolicyTests,
} from '@baton/policy';
import { isStateStoreError, loadAuditKey, openStateStore } from '@baton/state-store';
import { readToolVertical, runTool } from '../vertical-tool';
import { resolveVertical } from '../verticals';

const USAGE = `usage: npm run policy -- <command>
  validate <file>...
  test <dir>
  explain --intent <intent> --context <file|json> [--policy-file <file>] [--at <instant>] [--vertical <short>]
  replay --from <instant> --version <version> [--policy <policyId>] [--to <instant>] [--vertical <short>]
  save <file> [--vertical <short>]
  activate <policyId> <version> [--vertical <short>]
  versions [--vertical <short>]`;

class UsageError extends Error {}

/** A command's arguments: its string flags by name, `--vertical`, and the rest in order. */
interface CommandArgs {
  readonly flags: Readonly<Record<string, string | undefined>>;
  readonly vertical: string | undefined;
  readonly positionals: string[];
}

/** Parses a command's arguments; Node's parse errors (an unknown flag) are bad usage, not a stack trace. */
function parseCommand(args: string[], flags: readonly string[] = []): CommandArgs {
  const options = Object.fromEntries([...flags, 'vertical'].map((name) => [name, { type: 'string' as const }]));
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    const { vertical, ...rest } = values as Record<string, string | undefined>;
    return { flags: rest, vertical, positionals };
  } catch (error) {
    // Node's message for an unknown flag runs on about positional arguments: name the flag only.
    const flag = /'(--?[^']*)'/.exec((error as Error).message)?.[1];
    throw new UsageError(flag ? `unknown option ${flag}` : (error as Error).message);
  }
}

/** Commands that need no vertical still refuse one that does not exist. */
function checkVertical(name: string | undefined): void {
  if (name !== undefined) resolveVertical(name);
}

const show = (file: string): string => relative(process.cwd(), file) || file;

function validate(files: readonly string[]): number {
  if (files.length === 0) throw new UsageError('validate needs at least one file');
  let invalid = 0;
  for (const file of files) {
    const { validation } = readPolicyFile(file);
    if (validation.ok) {
      const { id, version, rules, tests } = validation.document;
      console.log(`${show(file)}: valid (${id}@${version}, ${rules.length} rules, ${tests?.length ?? 0} table tests)`);
    } else {
      invalid += 1;
      console.log(
        `${show(file)}: invalid (${validation.issues.length} problem${validation.issues.length === 1 ? '' : 's'})`,
      );
      validation.issues.forEach((issue) => console.log(`  ${formatPolicyIssue(issue)}`));
    }
  }
  return invalid > 0 ? 1 : 0;
}

async function test(dir: string | undefined): Promise<number> {
  if (!dir) throw new UsageError('test needs a directory');
  const files = policyFilesIn(dir);
  if (files.length === 0) throw new UsageError(`no policy files (*.json) under ${dir}`);
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const { validation } = readPolicyFile(file);
    if (!validation.ok) {
      failed += 1;
      console.log(`${show(file)}: INVALID`);
      validation.issues.forEach((issue) => console.log(`  ${formatPolicyIssue(issue)}`));
      continue;
    }
    const results = await runPolicyTests(validation.document);
    console.log(
      `${show(file)}: ${validation.document.id}@${validation.document.version}, ${results.length} table tests`,
    );
    for (const result of results) {
      console.log(`  ${result.passed ? 'PASS' : 'FAIL'} ${result.name}`);
      result.failures.forEach((failure) => console.log(`       ${failure}`));
      if (result.passed) passed += 1;
      else failed += 1;
    }
  }
  console.log(`\npolicy test: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

async function explain(args: string[]): Promise<number> {
  const { flags, vertical } = parseCommand(args, ['intent', 'context', 'policy-file', 'at']);
  const { intent, context: contextArg, 'policy-file': policyFile, at: atFlag } = flags;
  if (!intent || !contextArg) throw new UsageError('explain needs --intent and --context');
  const source = contextArg.trim().startsWith('{') ? contextArg : readFileSync(contextArg, 'utf8');
  const context: unknown = JSON.parse(source);
  // The command line is the edge of the system: the clock is read here, never in evaluation.
  const at = atFlag ?? new Date().toISOString();
  const input = { intent, context, decisionId: '00000000-0000-4000-8000-000000000000', at };
  if (policyFile) {
    checkVertical(vertical);
    const { validation } = readPolicyFile(policyFile);
    if (!validation.ok) {
      validation.issues.forEach((issue) => console.log(`${show(policyFile)}: ${formatPolicyIssue(issue)}`));
      return 1;
    }
    console.log(
      formatExplanation(await explainIntent(PolicySet.of([CompiledPolicy.compile(validation.document)]), input)),
    );
    return 0;
  }
  return withDatabase(vertical, false, async (engine) => {
    console.log(formatExplanation(await engine.explain(intent, context, { at })));
    return 0;
  });
}

async function replay(args: string[]): Promise<number> {
  const { flags, vertical } = parseCommand(args, ['from', 'to', 'version', 'policy']);
  const { from, to, version, policy } = flags;
  if (!from || !version) throw new UsageError('replay needs --from <instant> and --version <version>');
  for (const [name, value] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value)))
      throw new UsageError(`${name} ${value} is not an ISO 8601 instant`);
  }
  return withDatabase(vertical, true, async (engine) => {
    const report = await engine.replay({
      from: new Date(from).toISOString(),
      ...(to ? { to: new Date(to).toISOString() } : {}),
      version,
      ...(policy ? { policyId: policy } : {}),
    });
    console.log(formatReplayReport(report));
    return 0;
  });
}

/** For commands that decide nothing: explain, save, activate and versions write no audit event. */
const recordsNothing: DecisionLog = {
  record: () => Promise.reject(new Error('this command records no decisions')),
  read: () => Promise.reject(new Error('this command reads no decisions')),
};

/** Runs a command on the vertical's policy store, in its schema (`DATABASE_SCHEMA`, default the vertical's). */
async function withDatabase(
  verticalName: string | undefined,
  readsDecisions: boolean,
  work: (engine: PolicyEngine) => Promise<number>,
): Promise<number> {
  const { config } = readToolVertical(verticalName);
  let key;
  try {
    key = readsDecisions
      ? loadAuditKey({ AUDIT_HMAC_KEY: config.AUDIT_HMAC_KEY, AUDIT_HMAC_KEY_FILE: config.AUDIT_HMAC_KEY_FILE })
      : null;
  } catch (error) {
    if (isStateStoreError(error)) throw new ConfigError('INVALID_CONFIGURATION', error.message);
    throw error;
  }
  const dataSource = await openStateStore({
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    poolSize: 2,
    entities: policyEntities,
    migrations: policyMigrations,
  });
  try {
    // Replay verifies each stream's chain with the key before it trusts a recorded decision.
    const decisions = key ? postgresDecisionLog(dataSource, key) : recordsNothing;
    return await work(new PolicyEngine({ store: new PostgresPolicyStore(dataSource), decisions }));
  } finally {
    await dataSource.destroy();
  }
}

async function save(args: string[]): Promise<number> {
  const { positionals, vertical } = parseCommand(args);
  const [file] = positionals;
  if (!file) throw new UsageError('save needs a file');
  return withDatabase(vertical, false, async (engine) => {
    const { validation } = readPolicyFile(file);
    if (!validation.ok) throw new UsageError(`${show(file)} is invalid; run validate for every problem`);
    const outcome = await engine.store.save(validation.document);
    console.log(`${validation.document.id}@${validation.document.version}: ${outcome}`);
    return 0;
  });
}

async function activate(args: string[]): Promise<number> {
  const { positionals, vertical } = parseCommand(args);
  const [policyId, version] = positionals;
  if (!policyId || !version) throw new UsageError('activate needs a policy id and a version');
  return withDatabase(vertical, false, async (engine) => {
    await engine.store.activate(policyId, version);
    console.log(`${policyId}@${version}: active`);
    return 0;
  });
}

async function versions(args: string[]): Promise<number> {
  const { vertical } = parseCommand(args);
  return withDatabase(vertical, false, async (engine) => {
    console.log('| policy | version | status | activated at |\n| --- | --- | --- | --- |');
    (await engine.store.list()).forEach((version) =>
      console.log(`| ${version.policyId} | ${version.version} | ${version.status} | ${version.activatedAt ?? '-'} |`),
    );
    return 0;
  });
}

/** The command's exit code; bad usage throws a {@link UsageError}. */
async function runCommand(command: string | undefined, args: string[]): Promise<number> {
  switch (command) {
    case 'validate': {
      const { positionals, vertical } = parseCommand(args);
      checkVertical(vertical);
      return validate(positionals);
    }
    case 'test': {
      const { positionals, vertical } = parseCommand(args);
      checkVertical(vertical);
      return test(positionals[0]);
    }
    case 'explain':
      return explain(args);
    case 'replay':
      return replay(args);
    case 'save':
      return save(args);
    case 'activate':
      return activate(args);
    case 'versions':
      return versions(args);
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'no command');
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  try {
    process.exitCode = await runCommand(command, args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`policy: ${error.message}\n${USAGE}`);
      process.exitCode = 2;
    } else if (isPolicyValidationError(error)) {
      console.error(`policy: ${error.source} is not a valid policy`);
      error.issues.forEach((issue) => console.error(`  ${formatPolicyIssue(issue)}`));
      process.exitCode = 1;
    } else if (isPolicyError(error)) {
      console.error(`policy: ${error.message}`);
      process.exitCode = 1;
    } else if (error instanceof SyntaxError) {
      console.error(`policy: ${error.message}`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}

void runTool(main);
