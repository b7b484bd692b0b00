import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { PolicyDecision } from '@baton/contracts';
import { AuditKey, verifyStream } from '@baton/state-store';
import {
  BuiltProcess,
  createIsolatedSchema,
  freePort,
  IsolatedSchema,
  startBuiltProcess,
  workspaceRoot,
} from '@baton/testing';
import { DataSource } from 'typeorm';
import { decisionStreamId } from '../audit/event-store-decision-log';

const fixtures = join(workspaceRoot, 'libs/platform/policy/fixtures');

const temporaryDirs: string[] = [];
/** A scratch folder, removed after the file's tests. */
const temporaryDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
};
afterAll(() => temporaryDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('PolicyModule in real worker processes (built JavaScript, real PostgreSQL)', () => {
  let db: IsolatedSchema;
  type Worker = { readonly process: BuiltProcess; readonly port: number };
  const workers: Worker[] = [];
  const hexKey = randomBytes(32).toString('hex');
  const env = () => ({ DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema, AUDIT_HMAC_KEY: hexKey });

  beforeAll(async () => {
    db = await createIsolatedSchema('policy processes');
    // Three workers start at once on an empty schema: migrations and seeding race.
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const started = await Promise.all(
      ports.map((port) =>
        startBuiltProcess({
          entry: 'dist/out-tsc/libs/platform/policy/fixtures/policy-app.js',
          env: { ...env(), PORT: String(port), POLICY_SEED_DIR: join(fixtures, 'policies') },
          ready: { httpGet: `http://127.0.0.1:${port}/health` },
        }),
      ),
    );
    started.forEach((process, index) => workers.push({ process, port: ports[index] as number }));
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.process.stop()));
    await db?.drop();
  });

  const decide = async (worker: { port: number }, body: object): Promise<PolicyDecision> => {
    const response = await fetch(`http://127.0.0.1:${worker.port}/decide`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as PolicyDecision;
  };
  const policyCli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [
        '-r',
        join(workspaceRoot, 'tools/runtime/register.js'),
        join(workspaceRoot, 'dist/out-tsc/tools/policy/policy-cli.js'),
        ...args,
        // The workspace has several verticals, so a call that reaches a database names one; the
        // suite's own schema (DATABASE_SCHEMA below) still decides where it writes.
        '--vertical',
        'loan',
      ],
      {
        cwd: workspaceRoot,
        encoding: 'utf8',
        env: { ...process.env, ...env() },
      },
    );

  it('seeds once although three processes started together', async () => {
    const client = new Client({ connectionString: db.databaseUrl, options: `-c search_path=${db.schema}` });
    await client.connect();
    try {
      const versions = await client.query('SELECT policy_id, version, status FROM policy_versions ORDER BY policy_id');
      expect(versions.rows).toEqual([
        { policy_id: 'lending-llm', version: '1', status: 'active' },
        { policy_id: 'operators-showcase', version: '1', status: 'active' },
        { policy_id: 'triage-output-guard', version: '1', status: 'active' },
      ]);
      expect((await client.query('SELECT generation::int AS generation FROM policy_generation')).rows).toEqual([
        { generation: 3 },
      ]);
    } finally {
      await client.end();
    }
  });

  it("an activation through the CLI governs the running workers' next decisions, without a restart; every decision is audited", async () => {
    const runId = `run-${randomUUID()}`;
    const body = (stepId: string) => ({
      intent: 'llm.invoke',
      runId,
      stepId,
      at: '2026-11-24T10:00:00Z',
      context: {
        applicant: { consent: { aiProcessing: true } },
        loan: { amount: 1000 },
        model: { provider: 'openai' },
      },
    });
    const [first, second, third] = workers as [Worker, Worker, Worker];
    expect(await decide(first, body('before'))).toMatchObject({ effect: 'allow', policyVersion: '1' });

    const lending = JSON.parse(readFileSync(join(fixtures, 'policies/lending-llm.json'), 'utf8')) as {
      version: string;
      rules: Array<{ id: string; effect: string; obligations?: unknown }>;
    };
    lending.version = '2';
    const provider = lending.rules.find((rule) => rule.id === 'approved-provider') as {
      effect: string;
      obligations?: unknown;
    };
    provider.effect = 'review';
    const file = join(temporaryDir('policy-v2-'), 'lending-llm.json');
    writeFileSync(file, JSON.stringify(lending));
    expect(policyCli('save', file).stdout).toBe('lending-llm@2: created\n');
    expect(policyCli('activate', 'lending-llm', '2').stdout).toBe('lending-llm@2: active\n');

    expect(await decide(first, body('after-1'))).toMatchObject({ effect: 'review', policyVersion: '2' });
    expect(await decide(second, body('after-2'))).toMatchObject({ effect: 'review', policyVersion: '2' });
    expect(await decide(third, body('after-3'))).toMatchObject({ effect: 'review', policyVersion: '2' });

    const dataSource = new DataSource({
      type: 'postgres',
      url: db.databaseUrl,
      extra: { options: `-c search_path=${db.schema}` },
    });
    await dataSource.initialize();
    try {
      const events: Array<{ version: string; policy_version: string; step: string }> = await dataSource.query(
        `SELECT version, data->>'policyVersion' AS policy_version, metadata->>'stepId' AS step FROM events WHERE stream_id = $1 ORDER BY version`,
        [decisionStreamId(runId)],
      );
      expect(events.map((event) => [event.step, event.policy_version])).toEqual([
        ['before', '1'],
        ['after-1', '2'],
        ['after-2', '2'],
        ['after-3', '2'],
      ]);
      await expect(verifyStream(dataSource, AuditKey.from(hexKey), decisionStreamId(runId))).resolves.toMatchObject({
        verified: true,
        events: 4,
      });
    } finally {
      await dataSource.destroy();
    }
  });
});
