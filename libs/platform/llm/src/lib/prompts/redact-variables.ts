import type { Obligation } from '@baton/contracts';
import { isJsonObject, JsonObject, JsonValue } from '../support/json';

/** What {@link redactVariables} did. */
export interface Redaction {
  /** A deep copy of the variables with every obligated field replaced by a marker. */
  readonly variables: JsonObject;
  /** The concrete paths replaced, e.g. `application.applicant.ssn`. */
  readonly redacted: readonly string[];
  /** Obligated paths that matched nothing (the field was absent): worth an audit note. */
  readonly unmatched: readonly string[];
}

/**
 * The marker that replaces a redacted value.
 *
 * @example redactionMarker('applicant.ssn') // '[REDACTED:applicant.ssn]'
 */
export function redactionMarker(path: string): string {
  return `[REDACTED:${path}]`;
}

/**
 * Applies a decision's `redact` obligations to template variables before anything is rendered.
 * Paths are dotted from the variable name (`application.applicant.ssn`); `*` matches every key
 * or array element at its level. The input is never modified.
 *
 * @example
 * redactVariables({ applicant: { ssn: '123-45-6789' } }, [{ type: 'redact', fields: ['applicant.ssn'] }]).variables
 * // { applicant: { ssn: '[REDACTED:applicant.ssn]' } }
 */
export function redactVariables(variables: JsonObject, obligations: readonly Obligation[]): Redaction {
  const copy = structuredClone(variables);
  const redacted: string[] = [];
  const unmatched: string[] = [];
  for (const obligation of obligations) {
    if (obligation.type !== 'redact') continue;
    for (const field of obligation.fields) {
      const hits = redactPath(copy, field.split('.'), []);
      if (hits.length === 0) unmatched.push(field);
      redacted.push(...hits);
    }
  }
  return { variables: copy, redacted: [...new Set(redacted)], unmatched };
}

function redactPath(container: JsonValue, segments: readonly string[], trail: readonly string[]): string[] {
  const [head, ...rest] = segments;
  if (head === undefined || container === null || typeof container !== 'object') return [];
  const keys = head === '*' ? Object.keys(container) : [head];
  const hits: string[] = [];
  for (const key of keys) {
    const path = [...trail, key];
    if (Array.isArray(container)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= container.length) continue;
      if (rest.length === 0) {
        container[index] = redactionMarker(path.join('.'));
        hits.push(path.join('.'));
      } else hits.push(...redactPath(container[index] as JsonValue, rest, path));
    } else if (isJsonObject(container) && Object.prototype.hasOwnProperty.call(container, key)) {
      if (rest.length === 0) {
        container[key] = redactionMarker(path.join('.'));
        hits.push(path.join('.'));
      } else hits.push(...redactPath(container[key] as JsonValue, rest, path));
    }
  }
  return hits;
}
