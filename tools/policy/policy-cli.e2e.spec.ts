import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { AuditKey, openStateStore } from '@baton/state-store';
import { PolicyEngine, policyEntities, policyMigrations, postgresPolicyStorage } from '@baton/policy';
import { repoRoot, listedVerticals, namingLoan } from '../workspace/workspace-paths';

const fixtures = join(repoRoot, 'libs/platform/policy/fixtures');
const lendingFile = join(fixtures, 'policies/lending-llm.json');

function policy(args: readonly string[], env: Record<string, string | undefined> = {}) {
  // The commands that reach the database read a vertical's configuration: these suites test loan's.
  const argv = env['DATABASE_URL'] === undefined ? [...args] : namingLoan(args);
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      join(repoRoot, 'tools/runtime/register.js'),
      join(repoRoot, 'dist/out-tsc/tools/policy/policy-cli.js'),
      ...argv,
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const temporaryDirs: string[] = [];
/** A scratch folder, removed after the file's tests. */
const temporaryDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
};
afterAll(() => temporaryDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('npm run policy -- validate (built CLI)', () => {
  it('exits 0 for a valid document', () => {
    const result = policy(['validate', lendingFile]);
    expect(result).toEqual({
      status: 0,
      output:
        'libs/platform/policy/fixtures/policies/lending-llm.json: valid (lending-llm@1, 4 rules, 6 table tests)\n',
    });
  });

  it.each([
    [
      'unknown-operator.json',
      'rule "dti-limit" (rules[0]), field condition.all[0].operator: unknown operator "greaterThen"; use one of equal,',
    ],
    ['missing-effect.json', 'rule "consent-given" (rules[0]), field effect: is required'],
    [
      'duplicate-rule-ids.json',
      'rule "amount-limit" (rules[1]), field id: duplicate rule id "amount-limit" (also rules[0])',
    ],
    ['wrong-types.json', 'rule "date-check" (rules[1]), field obligations[0].fields: must be an array, not a string'],
  ])('exits 1 for %s, naming the rule and the field', (file, line) => {
    const result = policy(['validate', join(fixtures, 'invalid', file)]);
    expect(result.status).toBe(1);
    expect(result.output).toContain(`libs/platform/policy/fixtures/invalid/${file}: invalid`);
    expect(result.output).toContain(`  ${line}`);
  });

  it('prints every error of a bad document, and judges every file given', () => {
    const result = policy([
      'validate',
      lendingFile,
      join(fixtures, 'invalid/wrong-types.json'),
      join(fixtures, 'invalid/nope.json'),
    ]);
    expect(result.status).toBe(1);
    expect(result.output).toContain('lending-llm.json: valid');
    expect(result.output).toContain('wrong-types.json: invalid (8 problems)');
    expect(result.output.match(/^ {2}(field|rule) /gm)).toHaveLength(8);
    expect(result.output).toContain('nope.json: invalid (1 problem)\n  (document): cannot be read (ENOENT)');
  });

  it('exits 2 with the usage for no file or an unknown command', () => {
    expect(policy(['validate'])).toMatchObject({
      status: 2,
      output: expect.stringMatching(/^policy: validate needs at least one file\nusage: npm run policy -- <command>/),
    });
    expect(policy(['frobnicate']).status).toBe(2);
    expect(policy(['validate', '--strict', lendingFile])).toMatchObject({
      status: 2,
      output: expect.stringMatching(/^policy: unknown option --strict\n/),
    });
  });

  it('needs no vertical, and refuses one that does not exist', () => {
    expect(policy(['validate', lendingFile, '--vertical', 'loan']).status).toBe(0);
    expect(policy(['validate', lendingFile, '--vertical', 'nope'])).toEqual({
      status: 2,
      output: `baton: no vertical "nope"; the verticals are: ${listedVerticals()}\n`,
    });
  });
});

describe('npm run policy -- test (built CLI)', () => {
  it('runs the table tests of a folder and exits 0 when all pass', () => {
    const result = policy(['test', join(fixtures, 'policies')]);
    expect(result.status).toBe(0);
    expect(result.output).toContain('  PASS a sanctioned applicant is denied whatever else holds');
    expect(result.output).toMatch(/\npolicy test: \d+ passed, 0 failed\n$/);
  });

  it('exits 1 on a failing row, saying what differed, and on an invalid file', () => {
    const dir = temporaryDir('policy-tables-');
    const lending = JSON.parse(readFileSync(lendingFile, 'utf8')) as {
      tests: Array<{ expect: { effect: string; reasons: string[] } }>;
    };
    (lending.tests[1] as { expect: { effect: string; reasons: string[] } }).expect = {
      effect: 'allow',
      reasons: ['MODEL_APPROVED'],
    };
    writeFileSync(join(dir, 'lending.json'), JSON.stringify(lending));
    const result = policy(['test', dir]);
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      '  FAIL a sanctioned applicant is denied whatever else holds\n       effect: expected allow, got deny\n       reasons: expected [MODEL_APPROVED], got [SANCTIONED_APPLICANT]',
    );
    expect(result.output).toContain('policy test: 5 passed, 1 failed');

    writeFileSync(join(dir, 'lending.json'), readFileSync(lendingFile));
    writeFileSync(join(dir, 'zz-broken.json'), readFileSync(join(fixtures, 'invalid/missing-effect.json')));
    const invalid = policy(['test', dir]);
    expect(invalid.status).toBe(1);
    expect(invalid.output).toContain(
      'zz-broken.json: INVALID\n  rule "consent-given" (rules[0]), field effect: is required',
    );
    expect(invalid.output).toContain('policy test: 6 passed, 1 failed');
  });
});

describe('npm run policy -- explain, replay, save, activate (built CLI, real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let engine: PolicyEngine;
  const hexKey = randomBytes(32).toString('hex');
  const env = () => ({ DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema, AUDIT_HMAC_KEY: hexKey });

  beforeAll(async () => {
    db = await createIsolatedSchema('policy cli');
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 2,
      entities: policyEntities,
      migrations: policyMigrations,
    });
    engine = new PolicyEngine(postgresPolicyStorage(dataSource, AuditKey.from(hexKey)));
    await engine.seedPolicies(join(fixtures, 'policies'));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('explains against a policy file without a database, and against the active versions with one', () => {
    const context = JSON.stringify({ applicant: { consent: { aiProcessing: true } }, model: { provider: 'openai' } });
    const offline = policy(
      [
        'explain',
        '--intent',
        'llm.invoke',
        '--context',
        context,
        '--policy-file',
        lendingFile,
        '--at',
        '2026-11-24T10:00:00Z',
      ],
      { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    );
    expect(offline.status).toBe(0);
    expect(offline.output).toContain('intent llm.invoke: ALLOW under lending-llm@1');
    expect(offline.output).toContain(
      '  [no]    sanctioned-applicant -> deny SANCTIONED_APPLICANT (priority 100)\n      [no]    applicant.sanctioned is missing',
    );

    const online = policy(
      [
        'explain',
        '--intent',
        'llm.output.accept',
        '--context',
        '{"floor":{"esiLevel":2},"output":{"esiLevel":3,"rationale":"stable"}}',
      ],
      env(),
    );
    expect(online.status).toBe(0);
    expect(online.output).toContain('intent llm.output.accept: DENY under triage-output-guard@1');
    expect(online.output).toContain('[match] output.esiLevel is 3: greaterThan floor.esiLevel (2)');
  });

  it('replays recorded decisions under another version and prints the differences', async () => {
    const runId = `run-${randomUUID()}`;
    const at = (minute: number) => `2031-03-01T10:0${minute}:00.000Z`;
    const ok = {
      applicant: { consent: { aiProcessing: true } },
      loan: { amount: 1000 },
      model: { provider: 'openai' },
    };
    const changed = await engine.decide('llm.invoke', ok, { runId, stepId: 'small', at: at(1) });
    const same = await engine.decide(
      'llm.invoke',
      { ...ok, applicant: { sanctioned: true } },
      { runId, stepId: 'sanctioned', at: at(2) },
    );
    const lending = JSON.parse(readFileSync(lendingFile, 'utf8')) as {
      version: string;
      rules: Array<{ id: string; condition: unknown }>;
    };
    lending.version = '2';
    (lending.rules.find((rule) => rule.id === 'large-loan') as { condition: unknown }).condition = {
      fact: 'loan.amount',
      operator: 'greaterThan',
      value: 500,
    };
    await engine.store.save(lending);

    const result = policy(['replay', '--from', '2031-03-01T00:00:00Z', '--version', '2'], env());
    expect(result.status).toBe(0);
    expect(result.output).toContain(
      "replay under version 2 of each decision's policy\n| decision | run / step | intent | decided at | before | after | changed |",
    );
    expect(result.output).toContain(
      `| ${changed.decisionId} | ${runId} / small | llm.invoke | ${at(1)} | allow MODEL_APPROVED (lending-llm@1)`,
    );
    expect(result.output).toContain('| review LARGE_LOAN (lending-llm@2) obligations');
    expect(result.output).toContain('| effect, reasons, obligations |');
    expect(result.output).not.toContain(same.decisionId);
    expect(result.output).toMatch(/replay: 2 re-decided, 1 differ, 1 unchanged, 0 skipped\n$/);

    const noKey = policy(['replay', '--from', '2031-03-01T00:00:00Z', '--version', '2'], {
      ...env(),
      AUDIT_HMAC_KEY: undefined,
      AUDIT_HMAC_KEY_FILE: undefined,
    });
    expect(noKey.status).toBe(1);
    expect(noKey.output.trim()).toMatch(/^baton: set AUDIT_HMAC_KEY .* outside the database$/);
    expect(policy(['replay', '--from', 'yesterday', '--version', '2'], env())).toMatchObject({
      status: 2,
      output: expect.stringMatching(/^policy: --from yesterday is not an ISO 8601 instant/),
    });
  });

  it('saves and activates a version, and refuses to activate a missing one', () => {
    const dir = temporaryDir('policy-save-');
    const guard = JSON.parse(readFileSync(join(fixtures, 'policies/triage-output-guard.json'), 'utf8')) as {
      version: string;
    };
    guard.version = '7';
    writeFileSync(join(dir, 'guard.json'), JSON.stringify(guard));
    expect(policy(['save', join(dir, 'guard.json')], env())).toEqual({
      status: 0,
      output: 'triage-output-guard@7: created\n',
    });
    expect(policy(['activate', 'triage-output-guard', '7'], env())).toEqual({
      status: 0,
      output: 'triage-output-guard@7: active\n',
    });
    expect(policy(['versions'], env()).output).toMatch(
      /\| triage-output-guard \| 1 \| inactive \| .* \|\n\| triage-output-guard \| 7 \| active \| .* \|/,
    );
    expect(policy(['activate', 'triage-output-guard', '99'], env())).toEqual({
      status: 1,
      output: 'policy: no stored version triage-output-guard@99\n',
    });
  });

  it("works on the vertical's schema with --vertical loan, and refuses a vertical that does not exist", () => {
    const listed = policy(['versions', '--vertical', 'loan'], env());
    expect(listed.status).toBe(0);
    expect(listed.output).toMatch(/\| lending-llm \| 1 \| active \| .* \|/);
    const replayed = policy(
      ['replay', '--vertical', 'loan', '--from', '2031-03-01T00:00:00Z', '--version', '2'],
      env(),
    );
    expect(replayed.status).toBe(0);
    expect(replayed.output).toMatch(/replay: \d+ re-decided/);
    expect(policy(['versions', '--vertical', 'nope'], env())).toEqual({
      status: 2,
      output: `baton: no vertical "nope"; the verticals are: ${listedVerticals()}\n`,
    });
  });
});
