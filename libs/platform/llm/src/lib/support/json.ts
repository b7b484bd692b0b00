import { createHash } from 'node:crypto';

/** A JSON value: what prompts, tool arguments and recordings are made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object, e.g. a template's variables or a tool call's arguments. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * RFC 8785-style canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers
 * and strings as `JSON.stringify` writes them. The same value always gives the same text, so
 * hashes of prompts and inputs do not depend on key order.
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no representation for ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON has no representation for a ${typeof value}`);
}

/**
 * Lowercase hex SHA-256 of a UTF-8 string.
 *
 * @example sha256Hex('hello') // '2cf24dba…'
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * SHA-256 of a value's canonical JSON: the identity of prompts, inputs and recordings.
 *
 * @example hashJson({ a: 1, b: 2 }) === hashJson({ b: 2, a: 1 }) // true
 */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * True for a plain JSON object (not an array, not null).
 *
 * @example isJsonObject({ a: 1 }) // true; isJsonObject([1]) // false
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
