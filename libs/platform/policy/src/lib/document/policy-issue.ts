/** One problem of a policy document, naming the rule (when inside one) and the field. */
export interface PolicyIssue {
  /** The full path in the document, e.g. `rules[2].condition.all[0].operator`. */
  readonly path: string;
  /** The index of the rule the problem is in, or null outside the rules. */
  readonly ruleIndex: number | null;
  /** That rule's id as written, or null (outside the rules, or the id itself is missing). */
  readonly ruleId: string | null;
  /** The field relative to the rule (or to the document outside the rules). */
  readonly field: string;
  readonly message: string;
}

/** `rules[2].condition.all[0].operator` from `['rules', 2, 'condition', 'all', 0, 'operator']`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key)),
    '',
  );
}

/** Places an issue at a path of a raw document: which rule it is in, and which field. */
export function policyIssueAt(raw: unknown, segments: readonly PropertyKey[], message: string): PolicyIssue {
  const inRule = segments[0] === 'rules' && typeof segments[1] === 'number';
  const ruleIndex = inRule ? (segments[1] as number) : null;
  const rules = typeof raw === 'object' && raw !== null ? (raw as { rules?: unknown }).rules : undefined;
  const id =
    ruleIndex !== null && Array.isArray(rules) ? (rules[ruleIndex] as { id?: unknown } | undefined)?.id : undefined;
  return {
    path: formatPath(segments),
    ruleIndex,
    ruleId: typeof id === 'string' && id.length > 0 ? id : null,
    field: formatPath(inRule ? segments.slice(2) : segments),
    message,
  };
}

/**
 * One line per issue, for people: `rule "dti-limit" (rules[2]), field condition.all[0].operator: unknown operator ...`.
 *
 * @example validation.issues.map(formatPolicyIssue).forEach((line) => console.error(line));
 */
export function formatPolicyIssue(issue: PolicyIssue): string {
  const field = issue.field || '(the whole entry)';
  if (issue.ruleIndex === null) return `${issue.path ? `field ${issue.path}` : '(document)'}: ${issue.message}`;
  const rule = issue.ruleId
    ? `rule "${issue.ruleId}" (rules[${issue.ruleIndex}])`
    : `rules[${issue.ruleIndex}] (no valid id)`;
  return `${rule}, field ${field}: ${issue.message}`;
}
