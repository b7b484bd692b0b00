import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import {
  AuditKey,
  openStateStore,
  PersonalDataCipher,
  PostgresEventStore,
  SubjectKeyring,
  verifyStream,
} from '@baton/state-store';
import { repoRoot, listedVerticals, namingLoan } from '../workspace/workspace-paths';

describe('npm run erase -- <subject> (built CLI, real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  const key = AuditKey.from(randomBytes(32).toString('hex'));
  const policy = { subjectField: 'applicantId', fields: ['applicant.ssn', 'applicant.name'] };
  const store = () =>
    new PostgresEventStore(dataSource, key, {
      personalData: new PersonalDataCipher(new SubjectKeyring(dataSource), policy),
    });

  beforeAll(async () => {
    db = await createIsolatedSchema('erase cli');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 2 });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const erase = (...args: string[]) => {
    const result = spawnSync(
      process.execPath,
      [
        '-r',
        join(repoRoot, 'tools/runtime/register.js'),
        join(repoRoot, 'dist/out-tsc/tools/erase/erase-cli.js'),
        ...namingLoan(args),
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema },
      },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('erases the key, so the subject reads as [erased] while the chain still verifies, and says so once', async () => {
    const subject = `applicant-${randomUUID()}`;
    const streamId = `loan-${randomUUID()}`;
    const data = { applicantId: subject, amount: 5000, applicant: { ssn: '123-45-6789', name: 'Alice Example' } };
    await store().append(streamId, 'no_stream', [
      {
        eventId: randomUUID(),
        type: 'loan.application.received',
        schemaVersion: 1,
        data,
        occurredAt: '2026-11-24T10:00:00Z',
      },
    ]);
    expect((await store().readStream(streamId))[0]?.data).toEqual(data);

    const first = erase(subject);
    expect(first).toMatchObject({ status: 0, stdout: `erased subject ${subject}\n` });
    expect(
      await dataSource.query('SELECT key, erased_at IS NOT NULL AS erased FROM subject_keys WHERE subject_id = $1', [
        subject,
      ]),
    ).toEqual([{ key: null, erased: true }]);
    expect((await store().readStream(streamId))[0]?.data).toEqual({
      applicantId: subject,
      amount: 5000,
      applicant: { ssn: '[erased]', name: '[erased]' },
    });
    expect(await verifyStream(dataSource, key, streamId)).toEqual({ streamId, verified: true, events: 1 });

    expect(erase(subject)).toMatchObject({ status: 0, stdout: `subject ${subject} was already erased\n` });
  });

  it('takes --vertical loan, and refuses a vertical that does not exist in one line listing them', () => {
    const subject = `applicant-${randomUUID()}`;
    expect(erase('--vertical', 'loan', subject)).toMatchObject({ status: 0, stdout: `erased subject ${subject}\n` });
    expect(erase(subject, '--vertical', 'nope')).toEqual({
      status: 2,
      stdout: '',
      stderr: `baton: no vertical "nope"; the verticals are: ${listedVerticals()}\n`,
    });
  });

  it('prints usage and exits 2 without a subject', () => {
    const result = erase();
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('usage: npm run erase -- [--vertical <short>] <subjectId>');
    expect(erase('--vertical', 'loan').status).toBe(2);
  });
});
