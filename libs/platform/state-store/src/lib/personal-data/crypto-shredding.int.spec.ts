import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { AuditKey } from '../audit/event-hash';
import { verifyStream } from '../audit/verify-stream';
import { openStateStore } from '../database/state-store-data-source';
import type { NewEvent } from '../event-store/event-types';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import { StatementParams } from '../sql/statement-params';
import { PersonalDataCipher } from './personal-data-cipher';
import { SubjectKeyring } from './subject-keyring';

const policy = {
  subjectField: 'applicantId',
  fields: ['application.applicant.ssn', 'application.applicant.name', 'application.notes'],
};
const record = (applicantId: string, ssn: string, name: string) => ({
  applicantId,
  application: { amount: 5000, applicant: { ssn, name, age: 41 }, notes: `${name} called about the loan` },
});
/** A workflow run's event holds the record twice: as the run's input and in its state. */
const started = (applicantId: string, ssn: string, name: string): NewEvent => ({
  eventId: randomUUID(),
  type: 'run.started',
  schemaVersion: 1,
  data: {
    workflowId: 'loan',
    input: record(applicantId, ssn, name),
    state: { request: record(applicantId, ssn, name) },
  },
  occurredAt: '2026-11-24T10:00:00.000Z',
});

describe('crypto-shredding: personal fields sealed per subject in the event store (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  const key = AuditKey.from(randomBytes(32).toString('hex'));
  const storeWith = (keyring = new SubjectKeyring(dataSource)) => ({
    keyring,
    store: new PostgresEventStore(dataSource, key, { personalData: new PersonalDataCipher(keyring, policy) }),
  });
  const rawText = async (streamId: string) =>
    (
      await db.pool.query<{ data: string }>(
        'SELECT data::text AS data FROM events WHERE stream_id = $1 ORDER BY version',
        [streamId],
      )
    ).rows
      .map((row) => row.data)
      .join('\n');

  beforeAll(async () => {
    db = await createIsolatedSchema('crypto shredding');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 4 });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('stores ciphertext, reads plaintext, and the chain verifies before and after an erasure', async () => {
    const { store, keyring } = storeWith();
    const streamId = `loan-${randomUUID()}`;
    const alice = `applicant-${randomUUID()}`;
    const bob = `applicant-${randomUUID()}`;
    await store.append(streamId, 'no_stream', [started(alice, '123-45-6789', 'Alice Example')]);
    await store.append(streamId, 1, [{ ...started(bob, '987-65-4321', 'Bob Example'), type: 'co.applicant.added' }]);

    const raw = await rawText(streamId);
    expect(raw).not.toMatch(/123-45-6789|987-65-4321|Alice|Bob/);
    expect(raw).toContain(`pii:v1:${alice}:`);
    expect(raw).toContain('"amount": 5000');
    const read = await store.readStream(streamId);
    expect(read[0]?.data).toEqual(started(alice, '123-45-6789', 'Alice Example').data);
    expect(read[1]?.data).toEqual(started(bob, '987-65-4321', 'Bob Example').data);
    expect(await verifyStream(dataSource, key, streamId)).toEqual({ streamId, verified: true, events: 2 });

    expect(await keyring.erase(alice)).toEqual({ erased: true, alreadyErased: false });
    expect(await keyring.erase(alice)).toEqual({ erased: false, alreadyErased: true });
    expect(await keyring.isErased(alice)).toBe(true);
    expect(await keyring.isErased(bob)).toBe(false);

    // A fresh store and keyring: nothing cached in memory.
    const fresh = storeWith().store;
    const [aliceEvent, bobEvent] = await fresh.readStream(streamId);
    const erasedRecord = {
      applicantId: alice,
      application: { amount: 5000, applicant: { ssn: '[erased]', name: '[erased]', age: 41 }, notes: '[erased]' },
    };
    expect(aliceEvent?.data).toEqual({ workflowId: 'loan', input: erasedRecord, state: { request: erasedRecord } });
    expect(bobEvent?.data).toEqual(started(bob, '987-65-4321', 'Bob Example').data);
    expect(await rawText(streamId)).toBe(raw);
    expect(await verifyStream(dataSource, key, streamId)).toEqual({ streamId, verified: true, events: 2 });
    expect((await dataSource.query('SELECT key FROM subject_keys WHERE subject_id = $1', [alice]))[0]).toEqual({
      key: null,
    });
  });

  it('reveals in readAll too, and masks without keys', async () => {
    const { store } = storeWith();
    const streamId = `loan-${randomUUID()}`;
    const subject = `applicant-${randomUUID()}`;
    const event = started(subject, '555-55-5555', 'Carol Example');
    await store.append(streamId, 'no_stream', [event]);
    const all = [];
    for (
      let page = await store.readAll(null, 100);
      page.length > 0;
      page = await store.readAll(page.at(-1)?.checkpoint ?? null, 100)
    )
      all.push(...page);
    expect(all.find((stored) => stored.streamId === streamId)?.data).toEqual(event.data);

    const plain = await new PostgresEventStore(dataSource, key).readStream(streamId);
    expect(JSON.stringify(PersonalDataCipher.mask(plain[0]?.data))).toMatch(/"ssn":"\[encrypted\]"/);
  });

  it('writes [erased] for a subject erased before the write, and never creates a key for it', async () => {
    const { store, keyring } = storeWith();
    const subject = `applicant-${randomUUID()}`;
    expect(await keyring.erase(subject)).toEqual({ erased: true, alreadyErased: false }); // unknown until now: the erasure is remembered
    const streamId = `loan-${randomUUID()}`;
    await store.append(streamId, 'no_stream', [started(subject, '222-22-2222', 'Dave Example')]);
    const raw = await rawText(streamId);
    expect(raw).not.toMatch(/222-22-2222|Dave/);
    expect(raw).toContain('"ssn": "[erased]"');
    expect(await storeWith().keyring.keysFor([subject])).toEqual(new Map([[subject, null]]));
    expect(await verifyStream(dataSource, key, streamId)).toMatchObject({ verified: true });
  });

  it('seals on the one-statement path (prepareAppend) and on the transactional path, and the append result carries the data as given', async () => {
    const { store } = storeWith();
    const streamId = `loan-${randomUUID()}`;
    const subject = `applicant-${randomUUID()}`;

    const params = new StatementParams();
    const first = started(subject, '333-33-3333', 'Erin Example');
    const append = await store.prepareAppend(params, streamId, 'no_stream', [first]);
    if (!append) throw new Error('a new stream is always known');
    const applied: Array<{ n: number }> = await dataSource.query(
      `WITH ${append.ctes.join(', ')} SELECT count(*)::int AS n FROM ${append.guard}`,
      params.values,
    );
    append.settle(applied[0]?.n === 1);

    // An unknown head (a second store) takes the locking path, in the caller's transaction.
    const second = { ...started(subject, '333-33-3333', 'Erin Example'), type: 'run.step.completed' };
    const result = await dataSource.transaction((tx) => storeWith().store.append(streamId, 1, [second], tx));
    expect(result.events[0]?.data).toEqual(second.data);

    const raw = await rawText(streamId);
    expect(raw.split('\n')).toHaveLength(2);
    expect(raw).not.toMatch(/333-33-3333|Erin/);
    expect((await store.readStream(streamId)).map((event) => event.data)).toEqual([first.data, second.data]);
    expect(await verifyStream(dataSource, key, streamId)).toEqual({ streamId, verified: true, events: 2 });
  });

  it('keeps the hot path free of extra statements once keys are cached', async () => {
    const { store } = storeWith();
    const streamId = `loan-${randomUUID()}`;
    const subject = `applicant-${randomUUID()}`;
    await store.append(streamId, 'no_stream', [started(subject, '444-44-4444', 'Fay Example')]);
    const manager = jest.spyOn(dataSource.manager, 'query');
    const direct = jest.spyOn(dataSource, 'query');
    try {
      const append = await store.prepareAppend(new StatementParams(), streamId, 1, [
        started(subject, '444-44-4444', 'Fay Example'),
      ]);
      expect(append).not.toBeNull();
      expect(manager).not.toHaveBeenCalled();
      expect(direct).not.toHaveBeenCalled();
      append?.settle(false);
    } finally {
      manager.mockRestore();
      direct.mockRestore();
    }
  });

  describe('SubjectKeyring', () => {
    it('gets or creates keys for many subjects in one statement, the same key every time', async () => {
      const keyring = new SubjectKeyring(dataSource);
      const ids = [`s-${randomUUID()}`, `s-${randomUUID()}`];
      const spy = jest.spyOn(dataSource.manager, 'query');
      let keys: Map<string, Buffer | null>;
      try {
        keys = await keyring.keysFor([...ids, ids[0] as string]);
        expect(spy).toHaveBeenCalledTimes(1);
        await keyring.keysFor(ids);
        expect(spy).toHaveBeenCalledTimes(1); // cached
      } finally {
        spy.mockRestore();
      }
      expect([...keys.values()].map((k) => k?.length)).toEqual([32, 32]);
      const again = await new SubjectKeyring(dataSource).keysFor([...ids].reverse());
      expect(again.get(ids[0] as string)?.equals(keys.get(ids[0] as string) as Buffer)).toBe(true);
      expect(again.get(ids[1] as string)?.equals(keys.get(ids[1] as string) as Buffer)).toBe(true);
    });

    it('gives racing first uses of one subject one key', async () => {
      const subject = `s-${randomUUID()}`;
      const results = await Promise.all([1, 2, 3, 4].map(() => new SubjectKeyring(dataSource).keysFor([subject])));
      const hexes = new Set(results.map((keys) => keys.get(subject)?.toString('hex')));
      expect(hexes.size).toBe(1);
      expect([...hexes][0]).toHaveLength(64);
    });

    it('shows an erasure by another instance once its cache entry expires', async () => {
      let now = 1_000;
      const reader = new SubjectKeyring(dataSource, { cacheTtlMs: 30_000, now: () => now });
      const subject = `s-${randomUUID()}`;
      expect((await reader.keysFor([subject])).get(subject)).toBeInstanceOf(Buffer);
      await new SubjectKeyring(dataSource).erase(subject);
      now += 29_000;
      expect((await reader.keysFor([subject])).get(subject)).toBeInstanceOf(Buffer); // within the TTL
      now += 2_000;
      expect((await reader.keysFor([subject])).get(subject)).toBeNull();
    });

    it('does not cache a key created in a transaction that rolls back', async () => {
      const keyring = new SubjectKeyring(dataSource);
      const subject = `s-${randomUUID()}`;
      let inside: Buffer | null | undefined;
      await expect(
        dataSource.transaction(async (tx) => {
          inside = (await keyring.keysFor([subject], tx)).get(subject);
          expect((await keyring.keysFor([subject], tx)).get(subject)?.equals(inside as Buffer)).toBe(true);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const after = (await keyring.keysFor([subject])).get(subject);
      expect(after).toBeInstanceOf(Buffer);
      expect(after?.equals(inside as Buffer)).toBe(false);
      expect((await new SubjectKeyring(dataSource).keysFor([subject])).get(subject)?.equals(after as Buffer)).toBe(
        true,
      );
    });
  });
});
