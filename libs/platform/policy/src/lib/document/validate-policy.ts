import { PolicyValidationError } from '../errors/policy-error';
import { policyErrorMap } from './error-map';
import { PolicyDocument, policyDocumentSchema } from './policy-document';
import { PolicyIssue, policyIssueAt } from './policy-issue';

export type PolicyValidation =
  | { readonly ok: true; readonly document: PolicyDocument }
  | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

/**
 * Validates a policy document and reports every problem, each naming the rule and the field.
 * Unknown fields are rejected at every level; strings may not hold NUL (jsonb cannot store it).
 *
 * @example
 * const validation = validatePolicyDocument(JSON.parse(text));
 * if (!validation.ok) validation.issues.forEach((issue) => console.error(formatPolicyIssue(issue)));
 */
export function validatePolicyDocument(raw: unknown): PolicyValidation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [policyIssueAt(raw, [], 'a policy document must be a JSON object')] };
  }
  const nul = nulPaths(raw).map((path) => policyIssueAt(raw, path, 'must not contain the NUL character (\\u0000)'));
  const result = policyDocumentSchema.safeParse(raw, { error: policyErrorMap });
  if (result.success && nul.length === 0) return { ok: true, document: result.data };
  const issues = result.success
    ? []
    : result.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => policyIssueAt(raw, [...issue.path, key], 'is not a field here'))
          : [policyIssueAt(raw, issue.path, issue.message)],
      );
  return { ok: false, issues: [...nul, ...issues] };
}

/**
 * The validated document, or a {@link PolicyValidationError} listing every issue.
 *
 * @example const document = parsePolicyDocument(JSON.parse(text), 'policies/lending-llm.json');
 */
export function parsePolicyDocument(raw: unknown, source = 'policy document'): PolicyDocument {
  const validation = validatePolicyDocument(raw);
  if (!validation.ok) throw new PolicyValidationError(source, validation.issues);
  return validation.document;
}

/**
 * Parses JSON text into a validated document; a syntax error is an issue like any other.
 *
 * @example const validation = validatePolicyJson(readFileSync(file, 'utf8'));
 */
export function validatePolicyJson(text: string): PolicyValidation {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [policyIssueAt(undefined, [], `is not valid JSON: ${(error as Error).message}`)] };
  }
  return validatePolicyDocument(raw);
}

function nulPaths(value: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  if (typeof value === 'string') return value.includes('\u0000') ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulPaths(item, [...at, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(key.includes('\u0000') ? [[...at, key]] : []),
      ...nulPaths(item, [...at, key]),
    ]);
  }
  return [];
}
