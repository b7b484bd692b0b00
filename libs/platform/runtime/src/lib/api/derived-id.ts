import { createHash } from 'node:crypto';

/**
 * A resource's id from the tenant and the client's `Idempotency-Key`: a retried submission names
 * the same resource even if the first attempt died before its response was stored. The prefix
 * says what the id names (`app` for an application, `case` for a case).
 *
 * @example derivedIdFor('app', 'acme', '5f0c…') // 'app_3b1e…' (24 hex digits)
 */
export function derivedIdFor(prefix: string, tenant: string, idempotencyKey: string): string {
  return `${prefix}_${createHash('sha256').update(`${tenant}\u0000${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}
