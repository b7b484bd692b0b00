import { createHash } from 'node:crypto';
import { canonicalJson } from '@baton/contracts';

/** The parts of an HTTP command that an idempotency key is bound to. */
export interface HashedRequest {
  readonly method: string;
  readonly route: string;
  readonly body: unknown;
}

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of method (upper-cased), route and body, so the
 * same request hashes the same whatever its key order or whitespace, and another body does not.
 * An absent body hashes as `null`.
 *
 * @example
 * const hash = requestHash({ method: 'POST', route: '/loan-applications', body: request.body });
 */
export function requestHash(request: HashedRequest): string {
  const canonical = canonicalJson({
    method: request.method.toUpperCase(),
    route: request.route,
    body: request.body ?? null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
