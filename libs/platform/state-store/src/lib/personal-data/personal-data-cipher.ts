import type { EntityManager } from 'typeorm';
import {
  assertValidPolicy,
  childrenOf,
  copyTree,
  isPlainObject,
  PersonalDataPolicy,
  PersonalField,
  personalFieldsOf,
  recordSubject,
} from './personal-data-policy';
import {
  ERASED_PERSONAL_VALUE,
  isSealedValue,
  MASKED_PERSONAL_VALUE,
  openValue,
  sealedSubject,
  sealValue,
} from './sealed-value';
import type { SubjectKeys } from './subject-keyring';

/**
 * Encrypts the personal fields of JSON data per data subject, and decrypts them again. A sealed
 * field is the string `pii:v1:<subjectId>:<base64url(iv | tag | ciphertext)>` (AES-256-GCM over
 * the field's JSON, the subject id as additional data). Once a subject's key is erased, its
 * fields read as `[erased]` and new ones are written as `[erased]`: plaintext never reaches the
 * table. `PostgresEventStore` takes one as its `personalData` option and seals events before
 * hashing them, so the audit chain covers the ciphertext and still verifies after an erasure.
 *
 * @example
 * const cipher = new PersonalDataCipher(new SubjectKeyring(dataSource), { subjectField: 'applicantId', fields: ['ssn', 'name'] });
 * const sealed = await cipher.seal({ applicantId: 'a-7', ssn: '123-45-6789', amount: 5000 });
 * // { applicantId: 'a-7', ssn: 'pii:v1:a-7:…', amount: 5000 }
 * const plain = await cipher.reveal(sealed); // the original again, or ssn: '[erased]' after keyring.erase('a-7')
 */
export class PersonalDataCipher {
  constructor(
    private readonly keyring: SubjectKeys,
    private readonly policy: PersonalDataPolicy,
  ) {
    assertValidPolicy(policy);
  }

  /** The subjects whose personal records appear in `data`, in order of first appearance. */
  subjectsIn(data: unknown): string[] {
    const subjects = new Set<string>();
    const visit = (node: unknown): void => {
      const subject = recordSubject(node, this.policy);
      if (subject !== null) subjects.add(subject);
      childrenOf(node).forEach(visit);
    };
    visit(data);
    return [...subjects];
  }

  /**
   * A deep copy of `data` with every personal field sealed with its subject's key (`data` is
   * left untouched). A field already sealed stays as it is; a field of an erased subject
   * becomes `[erased]`. Takes one keyring lookup for all subjects, none when nothing is
   * personal; pass the caller's transaction as `tx` to run that lookup in it.
   */
  async seal(data: unknown, tx?: EntityManager): Promise<unknown> {
    const copy = copyTree(data);
    const pending = this.personalFields(copy);
    if (pending.length === 0) return copy;
    const keys = await this.keyring.keysFor([...new Set(pending.map((field) => field.subjectId))], tx);
    for (const { subjectId, parent, key } of pending) {
      const subjectKey = keys.get(subjectId);
      parent[key] = subjectKey
        ? sealValue(subjectId, subjectKey, (parent[key] as Pending).value)
        : ERASED_PERSONAL_VALUE;
    }
    return copy;
  }

  /**
   * `data` with every sealed string anywhere in it decrypted; a value whose key is erased or
   * missing reads as `[erased]`. Returns `data` itself when nothing in it is sealed.
   */
  async reveal(data: unknown, tx?: EntityManager): Promise<unknown> {
    const subjects = new Set<string>();
    const collect = (node: unknown): void => {
      const subject = typeof node === 'string' ? sealedSubject(node) : null;
      if (subject !== null) subjects.add(subject);
      childrenOf(node).forEach(collect);
    };
    collect(data);
    if (subjects.size === 0) return data;
    const keys = await this.keyring.keysFor([...subjects], tx);
    // Recursive: with overlapping paths ('a' and 'a.b') a field can hold a sealed value of its own.
    const open = (sealed: string): unknown => mapSealed(openValue(sealed, keys.get(sealedSubject(sealed) ?? '')), open);
    return mapSealed(data, open);
  }

  /**
   * `data` with every sealed string replaced by `[encrypted]`, for views that hold no keys
   * (audit listings).
   *
   * @example PersonalDataCipher.mask({ ssn: 'pii:v1:a-7:…' }); // { ssn: '[encrypted]' }
   */
  static mask(data: unknown): unknown {
    return mapSealed(data, () => MASKED_PERSONAL_VALUE);
  }

  /**
   * The fields of `copy` to seal. Each is swapped for a `Pending` box at once, so the walk does
   * not descend into it: a record nested inside another's personal field is sealed with the
   * outer subject's key, as part of that field.
   */
  private personalFields(copy: unknown): PersonalField[] {
    const found: PersonalField[] = [];
    const visit = (node: unknown): void => {
      const subject = recordSubject(node, this.policy);
      if (subject !== null && isPlainObject(node)) {
        for (const field of personalFieldsOf(node, subject, this.policy)) {
          if (isSealedValue(field.parent[field.key])) continue;
          field.parent[field.key] = new Pending(field.parent[field.key]);
          found.push(field);
        }
      }
      childrenOf(node).forEach(visit);
    };
    visit(copy);
    return found;
  }
}

/** A value waiting for its key; not a plain object, so the tree walk passes it by. */
class Pending {
  constructor(readonly value: unknown) {}
}

function mapSealed(node: unknown, replace: (sealed: string) => unknown): unknown {
  if (isSealedValue(node)) return replace(node);
  if (Array.isArray(node)) return node.map((child) => mapSealed(child, replace));
  if (!isPlainObject(node)) return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, mapSealed(value, replace)]));
}
