import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/** What {@link SubjectKeys.erase} did: `erased` when this call recorded the erasure, `alreadyErased` when an earlier one had. */
export interface SubjectErasure {
  readonly erased: boolean;
  readonly alreadyErased: boolean;
}

/**
 * Per-subject data keys, as `PersonalDataCipher` needs them. `SubjectKeyring` is the product;
 * a unit test may hand the cipher an in-memory one.
 */
export interface SubjectKeys {
  /**
   * Each subject's key, created on first use; null for an erased subject. With `tx`, the lookup
   * runs in the caller's transaction instead of taking a second pooled connection.
   */
  keysFor(subjectIds: readonly string[], tx?: EntityManager): Promise<Map<string, Buffer | null>>;
  erase(subjectId: string): Promise<SubjectErasure>;
  isErased(subjectId: string): Promise<boolean>;
}

export interface SubjectKeyringOptions {
  /** How long a key (or an erasure) is kept in memory; other processes see an erasure within it. Default 30 s. */
  readonly cacheTtlMs?: number;
  /** Keys kept in memory at most; the oldest go first. Default 10,000. */
  readonly maxCachedKeys?: number;
  /** The clock the cache expires by (tests inject one). */
  readonly now?: () => number;
}

const KEY_BYTES = 32;
/** A concurrent first use of a subject can hide its row from one statement's snapshot: ask again. */
const LOOKUP_ATTEMPTS = 3;

/**
 * AES-256-GCM data keys per data subject in the `subject_keys` table: 32 random bytes, created
 * on first use, and erased by setting the key to NULL (`erased_at` remembers it, so a later
 * write for the subject never creates a new key). Erasing a key makes that subject's sealed
 * fields unreadable everywhere while the events, and the audit chain over their ciphertext,
 * stay as they are ("crypto-shredding").
 *
 * Keys are cached in memory for `cacheTtlMs` (30 s by default), so appends and reads of known
 * subjects take no extra statement. An erasure through this instance applies to it at once;
 * other processes see it within the TTL. Production deployments wrap these keys with a KMS
 * key-encryption key; they sit in a table of their own so that erasure stays one UPDATE.
 *
 * @example
 * const keyring = new SubjectKeyring(dataSource);
 * const keys = await keyring.keysFor(['applicant-7']); // Map { 'applicant-7' => <Buffer ...> }
 * await keyring.erase('applicant-7'); // { erased: true, alreadyErased: false }
 */
export class SubjectKeyring implements SubjectKeys {
  private readonly cache = new Map<string, { readonly key: Buffer | null; readonly until: number }>();
  private readonly ttlMs: number;
  private readonly maxCached: number;
  private readonly now: () => number;

  constructor(
    private readonly dataSource: DataSource,
    options: SubjectKeyringOptions = {},
  ) {
    this.ttlMs = options.cacheTtlMs ?? 30_000;
    this.maxCached = options.maxCachedKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Gets or creates the keys of all `subjectIds` in one statement (none when all are cached).
   * Inside a transaction (`tx`), a key this transaction wrote is not cached: it may yet roll back.
   */
  async keysFor(subjectIds: readonly string[], tx?: EntityManager): Promise<Map<string, Buffer | null>> {
    const keys = new Map<string, Buffer | null>();
    let missing: string[] = [];
    for (const subjectId of new Set(subjectIds)) {
      assertSubjectId(subjectId);
      const cached = this.cached(subjectId);
      if (cached === undefined) missing.push(subjectId);
      else keys.set(subjectId, cached);
    }
    for (let attempt = 0; missing.length > 0; attempt += 1) {
      if (attempt === LOOKUP_ATTEMPTS)
        throw new Error(`no key row for subjects ${missing.join(', ')} after ${LOOKUP_ATTEMPTS} attempts`);
      for (const row of await this.getOrCreate(missing, tx)) {
        keys.set(row.subject_id, row.key);
        if (!tx || row.committed) this.remember(row.subject_id, row.key);
      }
      missing = missing.filter((subjectId) => !keys.has(subjectId));
    }
    return keys;
  }

  /**
   * Destroys the subject's key (an unknown subject gets an erased row, so no key is ever
   * created for it later). Idempotent.
   *
   * @example const { alreadyErased } = await keyring.erase('applicant-7');
   */
  async erase(subjectId: string): Promise<SubjectErasure> {
    assertSubjectId(subjectId);
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO subject_keys AS k (subject_id, key, erased_at) VALUES ($1, NULL, now())
       ON CONFLICT (subject_id) DO UPDATE SET key = NULL, erased_at = now() WHERE k.erased_at IS NULL
       RETURNING 1`,
      [subjectId],
    );
    this.remember(subjectId, null);
    const erased = rows.length > 0;
    return { erased, alreadyErased: !erased };
  }

  /** True once the subject's key has been erased (false for a subject never seen). */
  async isErased(subjectId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM subject_keys WHERE subject_id = $1 AND erased_at IS NOT NULL',
      [subjectId],
    );
    return rows.length > 0;
  }

  private async getOrCreate(
    subjectIds: readonly string[],
    tx?: EntityManager,
  ): Promise<Array<{ subject_id: string; key: Buffer | null; committed: boolean }>> {
    const fresh = subjectIds.map(() => randomBytes(KEY_BYTES));
    // Rows inserted by the CTE are invisible to the statement's own read of subject_keys, so the
    // two halves never return a subject twice. `committed` says a row predates this transaction.
    return (tx ?? this.dataSource.manager).query(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::bytea[]) AS w(subject_id, key)),
            inserted AS (INSERT INTO subject_keys (subject_id, key) SELECT subject_id, key FROM wanted
                         ON CONFLICT (subject_id) DO NOTHING RETURNING subject_id, key)
       SELECT subject_id, key, false AS committed FROM inserted
       UNION ALL
       SELECT k.subject_id, k.key, k.xmin IS DISTINCT FROM pg_current_xact_id_if_assigned()::xid AS committed
         FROM subject_keys k JOIN wanted USING (subject_id)`,
      [subjectIds, fresh],
    );
  }

  private cached(subjectId: string): Buffer | null | undefined {
    const entry = this.cache.get(subjectId);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.key;
    this.cache.delete(subjectId);
    return undefined;
  }

  private remember(subjectId: string, key: Buffer | null): void {
    this.cache.delete(subjectId);
    this.cache.set(subjectId, { key, until: this.now() + this.ttlMs });
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
  }
}

function assertSubjectId(subjectId: string): void {
  if (typeof subjectId !== 'string' || subjectId === '') throw new RangeError('a subject id is a non-empty string');
}
