import { canonicalHash } from '@baton/contracts';

/**
 * SHA-256 (hex) of the canonical JSON of a value: how permits bind to inputs (the policy engine
 * and the gateway hash with the same `canonicalHash` of `@baton/contracts`).
 */
export function hashInput(value: unknown): string {
  return canonicalHash(value ?? null);
}
