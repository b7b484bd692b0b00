import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The one canonical JSON of the platform: RFC 8785 (JSON Canonicalization Scheme, by the
 * `canonicalize` package): object keys sorted by UTF-16 code units, no whitespace, numbers as
 * ECMAScript writes them. Permits bind to it (the policy engine hashes a context, the engine a
 * model step's input, the gateway checks them), and so do prompt hashes, recording keys, audit
 * chains and request hashes, so every library must agree on it to the byte. Values with no JSON
 * form (NaN, Infinity, a BigInt, a function, `undefined` on its own) throw a `TypeError`.
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new TypeError(`canonical JSON has no representation for this value: ${(error as Error).message}`);
  }
  if (text === undefined) throw new TypeError(`canonical JSON has no representation for a ${typeof value}`);
  return text;
}

/**
 * Lowercase hex SHA-256 of a value's canonical JSON: the identity of permits' inputs, prompts and
 * recordings.
 *
 * @example canonicalHash({ a: 1, b: 2 }) === canonicalHash({ b: 2, a: 1 }) // true
 */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
