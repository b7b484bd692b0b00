import { createHash } from 'node:crypto';
import { canonicalJson } from '@baton/contracts';

/** A context as the engine evaluates it: plain JSON, exactly what was hashed. */
export type JsonObject = { readonly [key: string]: unknown };

export type PreparedContext =
  | { readonly ok: true; readonly context: JsonObject; readonly inputHash: string }
  | { readonly ok: false; readonly inputHash: string; readonly problem: string };

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Hashes a context (SHA-256 of its RFC 8785 canonical JSON) and re-reads it from that canonical
 * text, so rules judge exactly the input the hash, and so any permit, is bound to. Never throws:
 * a context that is not a JSON object (a cycle, NaN, a BigInt, a function, an array) is
 * reported, and the caller denies.
 *
 * @example const prepared = prepareContext({ loan: { amount: 5000 } }); // prepared.inputHash is 64 hex
 */
export function prepareContext(context: unknown): PreparedContext {
  let canonical: string | undefined;
  try {
    canonical = context === undefined ? undefined : canonicalJson(context);
    const parsed: unknown = canonical === undefined ? undefined : JSON.parse(canonical);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return {
        ok: false,
        inputHash: sha256(canonical ?? ''),
        problem: `the context must be a JSON object, not ${Array.isArray(parsed) ? 'an array' : String(parsed === null ? 'null' : typeof context)}`,
      };
    }
    return { ok: true, context: parsed as JsonObject, inputHash: sha256(canonical as string) };
  } catch (error) {
    return { ok: false, inputHash: sha256(''), problem: `the context is not JSON (${(error as Error).message})` };
  }
}

/**
 * The hash a decision and its permit carry for this context: what a model step recomputes over
 * its own input before it uses a permit.
 *
 * @example if (permitMismatch(permit, { ...use, inputHash: policyInputHash(input) })) throw new Error('no permit');
 */
export function policyInputHash(context: unknown): string {
  return prepareContext(context).inputHash;
}

/**
 * Reads a dotted path (`applicant.income`, `items.0.sku`) from a context. Own properties only, so
 * a path like `a.constructor` is missing rather than a function; anything unreachable is
 * undefined, never an exception.
 *
 * @example readPath({ items: [{ sku: 'a' }] }, 'items.0.sku') // 'a'
 */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, key))
      return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
