// npm run policy -- <command>
//   validate <file>...                         every problem of each document, naming rule and field; exit 1 if any is invalid
//   test <dir>                                 runs the table tests the policy files carry; exit 1 on any failure
//   explain --intent <i> --context <file|json> [--policy-file <file>] [--at <instant>]
//                                              which rules matched, which did not, and why (active versions unless --policy-file)
//   replay --from <instant> --version <v> [--policy <id>] [--to <instant>]
//                                              re-decides recorded decisions under another version and prints the differences
//   save <file> | activate <policyId> <version> | versions
// Database commands read DATABASE_URL, DATABASE_SCHEMA (default baton) and, for replay, AUDIT_HMAC_KEY.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, platformEnvSchema, runMain } from '@baton/config';
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

const USAGE = `usage: npm run policy -- <command>
  validate <file>...
  test <dir>
  explain --intent <intent> --context <file|json> [--policy-file <file>] [--at <instant>]
  replay --from <instant> --version <version> [--policy <policyId>] [--to <instant>]
  save <file>
  activate <policyId> <version>
  versions`;

class UsageError extends Error {}

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
  const { values } = parseArgs({
    args,
    options: {
      intent: { type: 'string' },
      context: { type: 'string' },
      'policy-file': { type: 'string' },
      at: { type: 'string' },
    },
  });
  if (!values.intent || !values.context) throw new UsageError('explain needs --intent and --context');
  const source = values.context.trim().startsWith('{') ? values.context : readFileSync(values.context, 'utf8');
  const context: unknown = JSON.parse(source);
  // The command line is the edge of the system: the clock is read here, never in evaluation.
  const at = values.at ?? new Date().toISOString();
  const input = { intent: values.intent, context, decisionId: '00000000-0000-4000-8000-000000000000', at };
  if (values['policy-file']) {
    const { validation } = readPolicyFile(values['policy-file']);
    if (!validation.ok) {
      validation.issues.forEach((issue) =>
        console.log(`${show(values['policy-file'] as string)}: ${formatPolicyIssue(issue)}`),
      );
      return 1;
    }
    console.log(
      formatExplanation(await explainIntent(PolicySet.of([CompiledPolicy.compile(validation.document)]), input)),
    );
    return 0;
  }
  return withDatabase(false, async (engine) => {
    console.log(formatExplanation(await engine.explain(values.intent as string, context, { at })));
    return 0;
  });
}

async function replay(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      version: { type: 'string' },
      policy: { type: 'string' },
    },
  });
  if (!values.from || !values.version) throw new UsageError('replay needs --from <instant> and --version <version>');
  for (const [name, value] of [
    ['--from', values.from],
    ['--to', values.to],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value)))
      throw new UsageError(`${name} ${value} is not an ISO 8601 instant`);
  }
  return withDatabase(true, async (engine) => {
    const report = await engine.replay({
      from: new Date(values.from as string).toISOString(),
      ...(values.to ? { to: new Date(values.to).toISOString() } : {}),
      version: values.version as string,
      ...(values.policy ? { policyId: values.policy } : {}),
    });
    console.log(formatReplayReport(report));
    return 0;
  });
}

const databaseSchema = platformEnvSchema.extend({
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier')
    .default('baton'),
});

/** For commands that decide nothing: explain, save, activate and versions write no audit event. */
const recordsNothing: DecisionLog = {
  record: () => Promise.reject(new Error('this command records no decisions')),
  read: () => Promise.reject(new Error('this command reads no decisions')),
};

async function withDatabase(readsDecisions: boolean, work: (engine: PolicyEngine) => Promise<number>): Promise<number> {
  const config = loadConfig(databaseSchema);
  let key;
  try {
    key = readsDecisions ? loadAuditKey(process.env) : null;
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

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  try {
    switch (command) {
      case 'validate':
        process.exitCode = validate(args);
        return;
      case 'test':
        process.exitCode = await test(args[0]);
        return;
      case 'explain':
        process.exitCode = await explain(args);
        return;
      case 'replay':
        process.exitCode = await replay(args);
        return;
      case 'save':
        if (!args[0]) throw new UsageError('save needs a file');
        process.exitCode = await withDatabase(false, async (engine) => {
          const { validation } = readPolicyFile(args[0] as string);
          if (!validation.ok)
            throw new UsageError(`${show(args[0] as string)} is invalid; run validate for every problem`);
          const outcome = await engine.store.save(validation.document);
          console.log(`${validation.document.id}@${validation.document.version}: ${outcome}`);
          return 0;
        });
        return;
      case 'activate':
        if (!args[0] || !args[1]) throw new UsageError('activate needs a policy id and a version');
        process.exitCode = await withDatabase(false, async (engine) => {
          await engine.store.activate(args[0] as string, args[1] as string);
          console.log(`${args[0]}@${args[1]}: active`);
          return 0;
        });
        return;
      case 'versions':
        process.exitCode = await withDatabase(false, async (engine) => {
          console.log('| policy | version | status | activated at |\n| --- | --- | --- | --- |');
          (await engine.store.list()).forEach((version) =>
            console.log(
              `| ${version.policyId} | ${version.version} | ${version.status} | ${version.activatedAt ?? '-'} |`,
            ),
          );
          return 0;
        });
        return;
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'no command');
    }
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

void runMain(main);
