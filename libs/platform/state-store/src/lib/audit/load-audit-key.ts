import { readFileSync } from 'node:fs';
import { AuditKey } from './event-hash';
import { StateStoreError } from '../errors';

/**
 * The audit HMAC key from the environment: `AUDIT_HMAC_KEY` (hex or base64, at least 32 bytes)
 * or `AUDIT_HMAC_KEY_FILE` (a file holding it). It must never live in the database it protects.
 *
 * @example const key = loadAuditKey(process.env);
 */
export function loadAuditKey(env: Readonly<Record<string, string | undefined>>): AuditKey {
  const inline = env['AUDIT_HMAC_KEY'];
  if (inline) return AuditKey.from(inline.trim());
  const file = env['AUDIT_HMAC_KEY_FILE'];
  if (file) {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      throw new StateStoreError(
        'AUDIT_KEY_INVALID',
        `cannot read AUDIT_HMAC_KEY_FILE (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    return AuditKey.from(content.trim());
  }
  throw new StateStoreError(
    'AUDIT_KEY_INVALID',
    'set AUDIT_HMAC_KEY (at least 32 bytes, hex or base64; e.g. `openssl rand -hex 32`) or AUDIT_HMAC_KEY_FILE; it must live outside the database',
  );
}
