import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { AuditKey, openStateStore } from '@baton/state-store';
import type { PolicyDocumentInput } from '../../document/policy-document';
import { PolicyEngine } from '../../engine/policy-engine';
import { postgresPolicyStorage } from '../../engine/postgres-policy-storage';
import { isPolicyError, isPolicyValidationError } from '../../errors/policy-error';
import { flagPolicy } from '../../evaluation/test-policies';
import { policyEntities, policyMigrations } from './policy-database';
import { PostgresPolicyStore } from './postgres-policy-store';

const policies = join(__dirname, '../../../../fixtures/policies');
const key = AuditKey.from(randomBytes(32).toString('hex'));
const meta = { at: '2026-11-24T10:00:00Z', runId: 'run-1', stepId: 'gate' };
const v2 = (): PolicyDocumentInput =>
  flagPolicy({
    version: '2',
    rules: [
      {
        id: 'deny-all',
        condition: { fact: 'x', operator: 'present' },
        effect: 'deny',
        reason: { code: 'V2_DENIES', message: 'v2 denies' },
      },
    ],
  });

describe('PostgresPolicyStore: versions in PostgreSQL (real database)', () => {
  let db: IsolatedSchema;
  const opened: DataSource[] = [];
  /** A data source as one process of its own would open it. */
  const open = async (): Promise<DataSource> => {
    const dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 2,
      entities: policyEntities,
      migrations: policyMigrations,
    });
    opened.push(dataSource);
    return dataSource;
  };

  beforeAll(async () => {
    db = await createIsolatedSchema('policy store');
  });
  afterAll(async () => {
    await Promise.all(opened.map((dataSource) => dataSource.destroy()));
    await db?.drop();
  });

  beforeEach(async () => {
    const [first] = opened.length > 0 ? opened : [await open()];
    await (first as DataSource).query('TRUNCATE policy_versions; UPDATE policy_generation SET generation = 0');
  });

  it('seeds exactly once when several processes start at once', async () => {
    const processes = await Promise.all(Array.from({ length: 4 }, () => open()));
    const reports = await Promise.all(
      processes.map((dataSource) => new PolicyEngine(postgresPolicyStorage(dataSource, key)).seedPolicies(policies)),
    );

    const keys = ['lending-llm@1', 'operators-showcase@1', 'triage-output-guard@1'];
    expect(reports.filter((report) => report.created.length > 0)).toEqual([
      { created: keys, unchanged: [], activated: keys },
    ]);
    expect(reports.filter((report) => report.created.length === 0)).toEqual(
      Array.from({ length: 3 }, () => ({ created: [], unchanged: keys, activated: [] })),
    );
    const [first] = processes as [DataSource];
    expect(await first.query(`SELECT policy_id, version, status FROM policy_versions ORDER BY policy_id`)).toEqual([
      { policy_id: 'lending-llm', version: '1', status: 'active' },
      { policy_id: 'operators-showcase', version: '1', status: 'active' },
      { policy_id: 'triage-output-guard', version: '1', status: 'active' },
    ]);
    await expect(new PostgresPolicyStore(first).generation()).resolves.toBe('3');
  });

  it('an activation in one process governs the next decision of another, without a restart', async () => {
    const [worker, operator] = await Promise.all([open(), open()]);
    const engine = new PolicyEngine(postgresPolicyStorage(worker as DataSource, key));
    const store = new PostgresPolicyStore(operator as DataSource);
    await store.save(flagPolicy());
    await store.activate('flags', '1');
    expect(await engine.decide('llm.invoke', { x: { allow: true } }, meta)).toMatchObject({
      effect: 'allow',
      policyVersion: '1',
    });

    await store.save(v2());
    await store.activate('flags', '2');
    expect(await engine.decide('llm.invoke', { x: { allow: true } }, meta)).toMatchObject({
      effect: 'deny',
      policyVersion: '2',
      reasons: [{ code: 'V2_DENIES' }],
    });
    expect(
      await (operator as DataSource).query(
        `SELECT version, status, activated_at IS NOT NULL AS activated FROM policy_versions ORDER BY version`,
      ),
    ).toEqual([
      { version: '1', status: 'inactive', activated: true },
      { version: '2', status: 'active', activated: true },
    ]);
  });

  it('never activates a document that fails validation, even one written into the table by hand', async () => {
    const dataSource = await open();
    const store = new PostgresPolicyStore(dataSource);
    const engine = new PolicyEngine(postgresPolicyStorage(dataSource, key));
    await store.save(flagPolicy());
    await store.activate('flags', '1');

    const bad = {
      ...flagPolicy({ version: '2' }),
      rules: [{ id: 'r', effect: 'deny', reason: { code: 'R', message: 'r' } }],
    };
    const refused = await store.save(bad).catch((error: unknown) => error);
    expect(
      isPolicyValidationError(refused) &&
        refused.issues.map((issue) => `${issue.ruleId} ${issue.field}: ${issue.message}`),
    ).toEqual(['r condition: is required']);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM policy_versions WHERE version = '2'`)).toEqual([
      { n: 0 },
    ]);

    await dataSource.query(
      `INSERT INTO policy_versions (policy_id, version, document, document_hash) VALUES ('flags', '3', $1, $2)`,
      [JSON.stringify(bad), 'f'.repeat(64)],
    );
    const notActivated = await store.activate('flags', '3').catch((error: unknown) => error);
    expect(isPolicyValidationError(notActivated) && notActivated.message).toMatch(
      /^flags@3 is not a valid policy: rules\[0\]\.condition: is required$/,
    );
    expect(await engine.decide('llm.invoke', { x: { allow: true } }, meta)).toMatchObject({
      effect: 'allow',
      policyVersion: '1',
    });
    expect(await dataSource.query(`SELECT version FROM policy_versions WHERE status = 'active'`)).toEqual([
      { version: '1' },
    ]);
  });

  it('keeps versions immutable and one active policy per intent; the database backs both', async () => {
    const dataSource = await open();
    const store = new PostgresPolicyStore(dataSource);
    await expect(store.save(flagPolicy())).resolves.toBe('created');
    await expect(store.save(flagPolicy())).resolves.toBe('unchanged');
    await expect(store.save(flagPolicy({ description: 'edited' }))).rejects.toMatchObject({
      code: 'VERSION_IMMUTABLE',
    });
    await store.activate('flags', '1');
    await store.save(flagPolicy({ id: 'rival' }));
    const conflict = await store.activate('rival', '1').catch((error: unknown) => error);
    expect(isPolicyError(conflict) && conflict.code).toBe('POLICY_CONFLICT');

    await store.save(v2());
    await expect(
      dataSource.query(`UPDATE policy_versions SET status = 'active' WHERE policy_id = 'flags' AND version = '2'`),
    ).rejects.toThrow(/policy_versions_one_active/);
    await expect(
      dataSource.query(
        `INSERT INTO policy_versions (policy_id, version, document, document_hash) VALUES ('flags', '1', '{}', $1)`,
        ['0'.repeat(64)],
      ),
    ).rejects.toThrow(/policy_versions_pkey/);
    expect((await store.list()).map((version) => `${version.policyId}@${version.version}:${version.status}`)).toEqual([
      'flags@1:active',
      'flags@2:inactive',
      'rival@1:inactive',
    ]);
  });
});
