/**
 * Which parts of an event's data are personal, and whose. Walking the data's JSON tree (arrays
 * included), any object with a non-empty string property named `subjectField` is a personal
 * record of that subject; each dotted path in `fields`, relative to that object, that exists and
 * holds a non-null value is personal data of the subject. A record may occur anywhere, and many
 * times, in one event.
 *
 * @example
 * const policy: PersonalDataPolicy = { subjectField: 'applicantId', fields: ['application.applicant.ssn', 'application.notes'] };
 */
export interface PersonalDataPolicy {
  readonly subjectField: string;
  readonly fields: readonly string[];
}

/** A personal field found in a tree: `parent[key]` belongs to `subjectId`. */
export interface PersonalField {
  readonly subjectId: string;
  readonly parent: Record<string, unknown>;
  readonly key: string;
}

export function assertValidPolicy(policy: PersonalDataPolicy): void {
  if (!policy.subjectField) throw new RangeError('a personal-data policy needs a subjectField');
  for (const field of policy.fields) {
    if (field.split('.').some((segment) => segment === ''))
      throw new RangeError(`personal field "${field}" is not a dotted path`);
    // The subject id has to stay readable: it is how a sealed record finds its key again.
    if (field === policy.subjectField) throw new RangeError(`the subject field "${field}" cannot itself be personal`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** The subject a node is a personal record of, or null. */
export function recordSubject(node: unknown, policy: PersonalDataPolicy): string | null {
  if (!isPlainObject(node)) return null;
  const subject = node[policy.subjectField];
  return typeof subject === 'string' && subject !== '' ? subject : null;
}

/**
 * The personal fields of one record that hold a value (not null, not undefined). Lazy: each path
 * is resolved when reached, so a caller that replaces a field meanwhile (sealing it) hides the
 * paths beneath it.
 */
export function* personalFieldsOf(
  record: Record<string, unknown>,
  subjectId: string,
  policy: PersonalDataPolicy,
): Generator<PersonalField> {
  for (const path of policy.fields) {
    const segments = path.split('.');
    const key = segments.pop() as string;
    let parent: unknown = record;
    for (const segment of segments)
      parent = isPlainObject(parent) && Object.hasOwn(parent, segment) ? parent[segment] : undefined;
    if (isPlainObject(parent) && Object.hasOwn(parent, key) && parent[key] !== null && parent[key] !== undefined) {
      yield { subjectId, parent, key };
    }
  }
}

/** Every array element and plain-object value under `node` (not `node` itself), depth first. */
export function childrenOf(node: unknown): unknown[] {
  if (Array.isArray(node)) return node;
  return isPlainObject(node) ? Object.values(node) : [];
}

/** A copy of the plain objects and arrays of a JSON tree; leaves are shared (they are immutable). */
export function copyTree(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(copyTree);
  if (!isPlainObject(node)) return node;
  // fromEntries defines own properties, so even a key named __proto__ stays data.
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, copyTree(value)]));
}
