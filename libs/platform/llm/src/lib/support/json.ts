import { createHash } from 'node:crypto';
import { canonicalHash, canonicalJson } from '@baton/contracts';

/** A JSON value: what prompts, tool arguments and recordings are made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object, e.g. a template's variables or a tool call's arguments. */
export type JsonObject = { [key: string]: JsonValue };

/** The platform's one canonical JSON (RFC 8785), from `@baton/contracts`. */
export { canonicalJson };

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
  return canonicalHash(value);
}

/**
 * True for a plain JSON object (not an array, not null).
 *
 * @example isJsonObject({ a: 1 }) // true; isJsonObject([1]) // false
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
