import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { openStateStore } from '../database/state-store-data-source';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import { AuditKey } from '../audit/event-hash';
import { verifyAllStreams, verifyStream } from '../audit/verify-stream';
import { listAccessStreamId, recordAccessStreamId, type AccessEntry } from './access-entry';
import { AccessLog } from './access-log';

describe('AccessLog: access events hash-chained per record and per tenant day (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let log: AccessLog;
  const key = AuditKey.from(randomBytes(32).toString('hex'));
  const origin = { address: '203.0.113.9', userAgent: 'curl/8' };
  const reading = (recordId: string, overrides: Partial<AccessEntry> = {}): AccessEntry => ({
    actor: { subject: 'nurse-1', role: 'triage-nurse' },
    tenant: 'acme',
    action: 'read',
    target: { kind: 'record', recordId, view: 'encounter', fields: ['esi', 'reasons'] },
    origin,
    outcome: { allowed: true },
    ...overrides,
  });

  beforeAll(async () => {
    db = await createIsolatedSchema('access log');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 6 });
    log = new AccessLog(new PostgresEventStore(dataSource, key), {
      clock: () => new Date('2026-12-07T10:00:00Z'),
    });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  async function recordThree(): Promise<string> {
    const recordId = `enc-${randomUUID()}`;
    for (const subject of ['nurse-1', 'nurse-2', 'clinician-3'])
      await log.record(reading(recordId, { actor: { subject, role: 'triage-nurse' } }));
    return recordId;
  }

  it('stores who, tenant, what, when, where and the outcome in the record’s own stream, and it verifies', async () => {
    const recordId = `enc-${randomUUID()}`;
    await expect(log.record(reading(recordId))).resolves.toEqual({
      streamId: recordAccessStreamId(recordId),
      version: 1,
    });
    const [access] = await log.readRecord(recordId);
    expect(access).toMatchObject({
      subject: 'nurse-1',
      role: 'triage-nurse',
      tenant: 'acme',
      action: 'read',
      view: 'encounter',
      recordIds: [recordId],
      fields: ['esi', 'reasons'],
      address: '203.0.113.9',
      userAgent: 'curl/8',
      outcome: 'allowed',
      reason: null,
      occurredAt: '2026-12-07T10:00:00.000Z',
      version: 1,
    });
    await expect(verifyStream(dataSource, key, recordAccessStreamId(recordId))).resolves.toMatchObject({
      verified: true,
    });
  });

  it('logs a refused read with its reason', async () => {
    const recordId = `enc-${randomUUID()}`;
    await log.record(
      reading(recordId, { tenant: 'globex', outcome: { allowed: false, reason: '404: not in tenant globex' } }),
    );
    const [access] = await log.readRecord(recordId);
    expect(access).toMatchObject({ tenant: 'globex', outcome: 'refused', reason: '404: not in tenant globex' });
  });

  it('puts a list read in the tenant’s daily stream, as one event naming every record shown', async () => {
    const shown = [`enc-${randomUUID()}`, `enc-${randomUUID()}`];
    const tenant = `t-${randomUUID()}`;
    const result = await log.record(
      reading('unused', { tenant, target: { kind: 'list', view: 'board', recordIds: shown } }),
    );
    expect(result.streamId).toBe(listAccessStreamId(tenant, '2026-12-07'));
    const rows = await dataSource.query('SELECT data FROM events WHERE stream_id = $1', [result.streamId]);
    expect(rows).toEqual([{ data: expect.objectContaining({ view: 'board', recordIds: shown, fields: null }) }]);
  });

  it('keeps every one of 24 concurrent reads of one record, from two logs, in one verified chain', async () => {
    const recordId = `enc-${randomUUID()}`;
    const other = new AccessLog(new PostgresEventStore(dataSource, key));
    await Promise.all(Array.from({ length: 24 }, (_u, i) => (i % 2 ? log : other).record(reading(recordId))));
    await expect(verifyStream(dataSource, key, recordAccessStreamId(recordId))).resolves.toEqual({
      streamId: recordAccessStreamId(recordId),
      verified: true,
      events: 24,
    });
  });

  it('refuses an entry with a missing field, naming the field and the rule', async () => {
    await expect(log.record(reading('', {}))).rejects.toMatchObject({
      code: 'ACCESS_ENTRY_INVALID',
      message: 'access entry: target.recordId must be a non-empty string',
    });
  });

  it('throws ACCESS_LOG_UNAVAILABLE when the event cannot be stored', async () => {
    await dataSource.query(`CREATE FUNCTION refuse_access() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'access log down'; END $$`);
    await dataSource.query(`CREATE TRIGGER refuse_access BEFORE INSERT ON events FOR EACH ROW
      WHEN (NEW.type = 'baton.access.recorded') EXECUTE FUNCTION refuse_access()`);
    try {
      await expect(log.record(reading(`enc-${randomUUID()}`))).rejects.toMatchObject({
        code: 'ACCESS_LOG_UNAVAILABLE',
      });
    } finally {
      await dataSource.query('DROP TRIGGER refuse_access ON events');
      await dataSource.query('DROP FUNCTION refuse_access()');
    }
  });

  describe('verification names a tampered access row', () => {
    const failureOf = async (streamId: string) =>
      (await verifyAllStreams(dataSource, key)).find((result) => result.streamId === streamId);

    it('a changed one', async () => {
      const streamId = recordAccessStreamId(await recordThree());
      await dataSource.query(
        `UPDATE events SET data = jsonb_set(data, '{subject}', '"someone-else"') WHERE stream_id = $1 AND version = 2`,
        [streamId],
      );
      await expect(failureOf(streamId)).resolves.toMatchObject({ verified: false, problem: 'changed', version: 2 });
    });

    it('a deleted one', async () => {
      const streamId = recordAccessStreamId(await recordThree());
      await dataSource.query('DELETE FROM events WHERE stream_id = $1 AND version = 2', [streamId]);
      await expect(failureOf(streamId)).resolves.toMatchObject({ verified: false, problem: 'deleted', version: 2 });
    });

    it('reordered ones', async () => {
      const streamId = recordAccessStreamId(await recordThree());
      await dataSource.transaction(async (tx) => {
        await tx.query('UPDATE events SET version = 1000 WHERE stream_id = $1 AND version = 2', [streamId]);
        await tx.query('UPDATE events SET version = 2 WHERE stream_id = $1 AND version = 3', [streamId]);
        await tx.query('UPDATE events SET version = 3 WHERE stream_id = $1 AND version = 1000', [streamId]);
      });
      await expect(failureOf(streamId)).resolves.toMatchObject({ verified: false, problem: 'reordered', version: 2 });
    });
  });
});
