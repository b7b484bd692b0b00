import { randomBytes } from 'node:crypto';
import { PersonalDataCipher } from './personal-data-cipher';
import type { SubjectErasure, SubjectKeys } from './subject-keyring';

/** Keys in a map, with the lookups counted. */
class InMemorySubjectKeys implements SubjectKeys {
  readonly keys = new Map<string, Buffer | null>();
  lookups = 0;

  async keysFor(subjectIds: readonly string[]): Promise<Map<string, Buffer | null>> {
    this.lookups += 1;
    for (const id of subjectIds) if (!this.keys.has(id)) this.keys.set(id, randomBytes(32));
    return new Map(subjectIds.map((id) => [id, this.keys.get(id) ?? null]));
  }

  async erase(subjectId: string): Promise<SubjectErasure> {
    const alreadyErased = this.keys.get(subjectId) === null;
    this.keys.set(subjectId, null);
    return { erased: !alreadyErased, alreadyErased };
  }

  async isErased(subjectId: string): Promise<boolean> {
    return this.keys.get(subjectId) === null;
  }
}

const policy = {
  subjectField: 'applicantId',
  fields: ['application.applicant.ssn', 'application.applicant.name', 'application.notes'],
};
const record = (applicantId: string, ssn: string) => ({
  applicantId,
  application: {
    amount: 5000,
    applicant: { ssn, name: `Name of ${applicantId}`, age: 41 },
    notes: { text: 'met in branch', score: 7 },
  },
});
const sealedString = /^pii:v1:[^:]+:[A-Za-z0-9_-]+$/;

describe('PersonalDataCipher', () => {
  let keys: InMemorySubjectKeys;
  let cipher: PersonalDataCipher;
  beforeEach(() => {
    keys = new InMemorySubjectKeys();
    cipher = new PersonalDataCipher(keys, policy);
  });

  it('finds the subjects of personal records anywhere in the tree, arrays included', () => {
    const data = {
      input: record('a-1', '111'),
      state: { request: record('a-1', '111'), others: [record('a-2', '222'), { applicantId: 42 }] },
    };
    expect(cipher.subjectsIn(data)).toEqual(['a-1', 'a-2']);
    expect(cipher.subjectsIn('a string')).toEqual([]);
  });

  it('seals every present personal field of every record, in a copy, with one key lookup', async () => {
    const data = {
      input: record('a-1', '111-22-3333'),
      state: { request: record('a-1', '111-22-3333') },
      list: [record('a-2', '999')],
    };
    const before = JSON.stringify(data);
    const sealed = (await cipher.seal(data)) as typeof data;

    expect(JSON.stringify(data)).toBe(before);
    expect(keys.lookups).toBe(1);
    for (const one of [sealed.input, sealed.state.request, sealed.list[0]]) {
      expect(one?.application.applicant.ssn).toMatch(sealedString);
      expect(one?.application.applicant.name).toMatch(sealedString);
      expect(one?.application.notes as unknown).toMatch(sealedString);
      expect(one?.application.amount).toBe(5000);
      expect(one?.application.applicant.age).toBe(41);
    }
    expect(sealed.input.application.applicant.ssn.startsWith('pii:v1:a-1:')).toBe(true);
    expect(sealed.list[0]?.application.applicant.ssn.startsWith('pii:v1:a-2:')).toBe(true);
    expect(JSON.stringify(sealed)).not.toMatch(/111-22-3333|Name of|met in branch/);
    // A fresh IV each time: the same value seals differently.
    expect(sealed.input.application.applicant.ssn).not.toBe(sealed.state.request.application.applicant.ssn);
  });

  it('reveals what it sealed, numbers and objects included, and leaves missing and null fields alone', async () => {
    const data = {
      applicantId: 'a-1',
      application: { applicant: { ssn: 123456789, name: null }, notes: { text: 'x', tags: ['a'] } },
    };
    const sealed = (await cipher.seal(data)) as { application: { applicant: { ssn: unknown; name: unknown } } };
    expect(sealed.application.applicant.name).toBeNull();
    expect(await cipher.reveal(sealed)).toEqual(data);
  });

  it('is idempotent: an already sealed value stays as it is', async () => {
    const once = await cipher.seal(record('a-1', '111'));
    expect(await cipher.seal(once)).toEqual(once);
  });

  it('takes no key lookup when nothing is personal, and reveal returns such data itself', async () => {
    const data = { amount: 5000, applicant: { ssn: 'not in a record' } };
    expect(await cipher.seal(data)).toEqual(data);
    expect(await cipher.reveal(data)).toBe(data);
    expect(keys.lookups).toBe(0);
  });

  it('reads an erased subject as [erased], and keeps another subject readable', async () => {
    const sealed = await cipher.seal([record('a-1', '111'), record('a-2', '222')]);
    await keys.erase('a-1');
    const [erased, kept] = (await cipher.reveal(sealed)) as Array<ReturnType<typeof record>>;
    expect(erased?.application.applicant).toEqual({ ssn: '[erased]', name: '[erased]', age: 41 });
    expect(erased?.application.notes).toBe('[erased]');
    expect(erased?.applicantId).toBe('a-1');
    expect(kept).toEqual(record('a-2', '222'));
  });

  it('writes [erased] rather than plaintext for a subject already erased', async () => {
    await keys.erase('a-1');
    const sealed = (await cipher.seal(record('a-1', '111'))) as ReturnType<typeof record>;
    expect(sealed.application.applicant.ssn).toBe('[erased]');
    expect(sealed.application.notes).toBe('[erased]');
    expect(JSON.stringify(sealed)).not.toContain('111');
  });

  it('reads a value that does not authenticate (another subject, an altered payload) as [erased]', async () => {
    const sealed = (await cipher.seal(record('a-1', '111'))) as ReturnType<typeof record>;
    const ssn = sealed.application.applicant.ssn;
    await cipher.seal(record('a-2', '222'));
    const moved = ssn.replace('pii:v1:a-1:', 'pii:v1:a-2:');
    const altered = `${ssn.slice(0, -2)}${ssn.endsWith('A') ? 'B' : 'A'}A`;
    expect(await cipher.reveal({ moved, altered, broken: 'pii:v1:a-1:' })).toEqual({
      moved: '[erased]',
      altered: '[erased]',
      broken: '[erased]',
    });
  });

  it('keeps subject ids with colons apart from the payload', async () => {
    const sealed = await cipher.seal(record('tenant:7:applicant:3', '333'));
    expect(cipher.subjectsIn(sealed)).toEqual(['tenant:7:applicant:3']);
    expect(await cipher.reveal(sealed)).toEqual(record('tenant:7:applicant:3', '333'));
  });

  it('seals a record nested in another record’s personal field as part of that field', async () => {
    const nested = { applicantId: 'a-1', application: { notes: { coApplicant: record('a-2', '222') } } };
    const sealed = (await cipher.seal(nested)) as { application: { notes: string } };
    expect(sealed.application.notes.startsWith('pii:v1:a-1:')).toBe(true);
    expect(await cipher.reveal(sealed)).toEqual(nested);
  });

  it('handles overlapping paths (a field and one beneath it)', async () => {
    const overlapping = new PersonalDataCipher(keys, { subjectField: 'id', fields: ['profile.email', 'profile'] });
    const data = { id: 's-1', profile: { email: 'x@example.com', city: 'Oslo' } };
    const sealed = (await overlapping.seal(data)) as { profile: unknown };
    expect(sealed.profile).toMatch(sealedString);
    expect(await overlapping.reveal(sealed)).toEqual(data);
  });

  it('masks every sealed value without keys', async () => {
    const sealed = await cipher.seal({ events: [record('a-1', '111')] });
    const lookups = keys.lookups;
    expect(PersonalDataCipher.mask(sealed)).toEqual({
      events: [
        {
          applicantId: 'a-1',
          application: {
            amount: 5000,
            applicant: { ssn: '[encrypted]', name: '[encrypted]', age: 41 },
            notes: '[encrypted]',
          },
        },
      ],
    });
    expect(keys.lookups).toBe(lookups);
  });

  it('rejects a policy that would seal the subject id itself', () => {
    expect(() => new PersonalDataCipher(keys, { subjectField: 'applicantId', fields: ['applicantId'] })).toThrow(
      RangeError,
    );
    expect(() => new PersonalDataCipher(keys, { subjectField: 'applicantId', fields: ['a..b'] })).toThrow(RangeError);
  });
});
