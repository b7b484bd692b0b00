import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { openStateStore } from '../database/state-store-data-source';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import { PersonalDataCipher } from '../personal-data/personal-data-cipher';
import { SubjectKeyring } from '../personal-data/subject-keyring';
import { MASKED_PERSONAL_VALUE } from '../personal-data/sealed-value';
import { auditTrail } from './audit-trail';
import { AuditKey } from './event-hash';

describe('auditTrail: a stream’s events, masked, with their verification (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  const key = AuditKey.from(randomBytes(32).toString('hex'));

  beforeAll(async () => {
    db = await createIsolatedSchema('audit trail');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 4 });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  async function sealedStream(): Promise<string> {
    const store = new PostgresEventStore(dataSource, key, {
      personalData: new PersonalDataCipher(new SubjectKeyring(dataSource), {
        subjectField: 'subjectId',
        fields: ['name'],
      }),
    });
    const streamId = `trail-${randomUUID()}`;
    await store.append(
      streamId,
      'no_stream',
      [1, 2].map((step) => ({
        eventId: randomUUID(),
        type: 'case.step',
        schemaVersion: 1,
        data: { subjectId: 'subj-1', name: 'Ada Lovelace', step },
        occurredAt: '2026-12-08T10:00:00.000Z',
      })),
    );
    return streamId;
  }

  it('masks sealed fields and verifies an untouched chain', async () => {
    const streamId = await sealedStream();
    const trail = await auditTrail(dataSource, key, streamId);
    expect(trail).toMatchObject({ verified: true, verification: { eventsChecked: 2, firstProblem: null } });
    expect(trail.events.map((event) => event.data)).toEqual([
      { subjectId: 'subj-1', name: MASKED_PERSONAL_VALUE, step: 1 },
      { subjectId: 'subj-1', name: MASKED_PERSONAL_VALUE, step: 2 },
    ]);
    expect(trail.events[1]?.prevHash).toBe(trail.events[0]?.hash);
    expect(JSON.stringify(trail)).not.toContain('Lovelace');
  });

  it('names the first broken link of a tampered chain', async () => {
    const streamId = await sealedStream();
    await dataSource.query(
      `UPDATE events SET data = jsonb_set(data, '{step}', '7') WHERE stream_id = $1 AND version = 2`,
      [streamId],
    );
    await expect(auditTrail(dataSource, key, streamId)).resolves.toMatchObject({
      verified: false,
      verification: { eventsChecked: 2, firstProblem: { version: 2, kind: 'changed' } },
    });
  });
});
