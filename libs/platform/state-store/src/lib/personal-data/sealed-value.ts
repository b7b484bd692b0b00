import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What a personal field reads as once its subject's key is gone (or when it cannot be decrypted). */
export const ERASED_PERSONAL_VALUE = '[erased]';
/** What a personal field reads as in views that hold no keys (`PersonalDataCipher.mask`). */
export const MASKED_PERSONAL_VALUE = '[encrypted]';

const PREFIX = 'pii:v1:';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** True for a value written by {@link sealValue}. */
export function isSealedValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** The subject a sealed value belongs to; null when it is not one. */
export function sealedSubject(value: string): string | null {
  if (!isSealedValue(value)) return null;
  const end = value.lastIndexOf(':');
  // Subject ids may hold colons themselves; base64url never does, so the payload is after the last one.
  return end > PREFIX.length ? value.slice(PREFIX.length, end) : null;
}

/**
 * `pii:v1:<subjectId>:<base64url(iv | tag | ciphertext)>` of `JSON.stringify(value)`, with the
 * subject id as additional authenticated data, so a value moved to another subject fails to open.
 */
export function sealValue(subjectId: string, key: Buffer, value: unknown): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(subjectId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return `${PREFIX}${subjectId}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}

/** The original value of a sealed one, or {@link ERASED_PERSONAL_VALUE} when the key is gone or does not open it. */
export function openValue(sealed: string, key: Buffer | null | undefined): unknown {
  const subjectId = sealedSubject(sealed);
  if (!key || subjectId === null) return ERASED_PERSONAL_VALUE;
  const payload = Buffer.from(sealed.slice(sealed.lastIndexOf(':') + 1), 'base64url');
  if (payload.length < IV_BYTES + TAG_BYTES) return ERASED_PERSONAL_VALUE;
  try {
    const decipher = createDecipheriv(ALGORITHM, key, payload.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(subjectId, 'utf8'));
    decipher.setAuthTag(payload.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(payload.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(plaintext.toString('utf8')) as unknown;
  } catch {
    // A value that fails to authenticate (another key, an altered row) is as unreadable as an
    // erased one; `verifyStream` is what reports altered rows.
    return ERASED_PERSONAL_VALUE;
  }
}
