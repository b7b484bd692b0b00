import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { AccessLog, AuditKey, openStateStore, PostgresEventStore, recordAccessStreamId } from '@baton/state-store';
import { repoRoot, listedVerticals, namingLoan } from '../workspace/workspace-paths';

describe('npm run audit -- verify (built CLI, real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  const hexKey = randomBytes(32).toString('hex');

  beforeAll(async () => {
    db = await createIsolatedSchema('audit cli');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 2 });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const verify = (env: Record<string, string | undefined>, ...args: string[]) => {
    const result = spawnSync(
      process.execPath,
      [
        '-r',
        join(repoRoot, 'tools/runtime/register.js'),
        join(repoRoot, 'dist/out-tsc/tools/audit/audit-cli.js'),
        'verify',
        ...namingLoan(args),
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema, ...env },
      },
    );
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  it('exits 0 for an intact stream and 1, naming the first changed event, after tampering', async () => {
    const store = new PostgresEventStore(dataSource, AuditKey.from(hexKey));
    const streamId = `loan-${randomUUID()}`;
    await store.append(
      streamId,
      'no_stream',
      [1, 2, 3].map((n) => ({
        eventId: randomUUID(),
        type: 'loan.step.done',
        schemaVersion: 1,
        data: { n },
        occurredAt: '2026-11-24T10:00:00Z',
      })),
    );

    const intact = verify({ AUDIT_HMAC_KEY: hexKey }, streamId);
    expect(intact.status).toBe(0);
    expect(intact.output).toContain(`| ${streamId} | verified | 3 events |`);

    await dataSource.query(`UPDATE events SET data = '{"n":20}' WHERE stream_id = $1 AND version = 2`, [streamId]);
    const tampered = verify({ AUDIT_HMAC_KEY: hexKey });
    expect(tampered.status).toBe(1);
    expect(tampered.output).toContain(`| ${streamId} | changed at version 2 |`);
    expect(tampered.output).toMatch(/audit: \d+ verified, 1 failed/);
  });

  it('takes --vertical loan, and refuses a vertical that does not exist in one line listing them', async () => {
    const store = new PostgresEventStore(dataSource, AuditKey.from(hexKey));
    const streamId = `loan-${randomUUID()}`;
    await store.append(streamId, 'no_stream', [
      { eventId: randomUUID(), type: 'loan.step.done', schemaVersion: 1, data: {}, occurredAt: '2026-11-24T10:00:00Z' },
    ]);
    const intact = verify({ AUDIT_HMAC_KEY: hexKey }, streamId, '--vertical', 'loan');
    expect(intact.status).toBe(0);
    expect(intact.output).toContain(`| ${streamId} | verified | 1 events |`);

    const unknown = verify({ AUDIT_HMAC_KEY: hexKey }, '--vertical', 'nope');
    expect(unknown).toEqual({
      status: 2,
      output: `baton: no vertical "nope"; the verticals are: ${listedVerticals()}\n`,
    });
  });

  it('covers access streams and names a changed, a deleted and a reordered access row', async () => {
    const log = new AccessLog(new PostgresEventStore(dataSource, AuditKey.from(hexKey)));
    const streams: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      const recordId = `app-${randomUUID()}`;
      for (const subject of ['intake-1', 'underwriter-2', 'auditor-3'])
        await log.record({
          actor: { subject, role: 'auditor' },
          tenant: 'acme',
          action: 'read',
          target: { kind: 'record', recordId, view: 'application' },
          origin: { address: '198.51.100.7', userAgent: 'curl/8' },
          outcome: { allowed: true },
        });
      streams.push(recordAccessStreamId(recordId));
    }
    const [changed, deleted, reordered] = streams as [string, string, string];
    expect(verify({ AUDIT_HMAC_KEY: hexKey }, changed, '--vertical', 'loan').output).toContain(
      `| ${changed} | verified | 3 events |`,
    );

    await dataSource.query(
      `UPDATE events SET data = jsonb_set(data, '{subject}', '"nobody"') WHERE stream_id = $1 AND version = 2`,
      [changed],
    );
    await dataSource.query('DELETE FROM events WHERE stream_id = $1 AND version = 2', [deleted]);
    await dataSource.transaction(async (tx) => {
      await tx.query('UPDATE events SET version = 1000 WHERE stream_id = $1 AND version = 2', [reordered]);
      await tx.query('UPDATE events SET version = 2 WHERE stream_id = $1 AND version = 3', [reordered]);
      await tx.query('UPDATE events SET version = 3 WHERE stream_id = $1 AND version = 1000', [reordered]);
    });
    const tampered = verify({ AUDIT_HMAC_KEY: hexKey }, '--vertical', 'loan');
    expect(tampered.status).toBe(1);
    expect(tampered.output).toContain(`| ${changed} | changed at version 2 |`);
    expect(tampered.output).toContain(`| ${deleted} | deleted at version 2 |`);
    expect(tampered.output).toContain(`| ${reordered} | reordered at version 2 |`);
  });

  it('refuses to run without a key, in one line', () => {
    const result = verify({ AUDIT_HMAC_KEY: undefined, AUDIT_HMAC_KEY_FILE: undefined });
    expect(result.status).toBe(1);
    expect(result.output.trim()).toMatch(/^baton: set AUDIT_HMAC_KEY .* outside the database$/);
  });
});
