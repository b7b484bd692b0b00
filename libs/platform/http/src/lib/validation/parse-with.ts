import type { z } from 'zod';
import type { FieldProblem } from '../problems/problem-document';
import { ProblemException } from '../problems/problem.exception';

/**
 * Parses a request part with a zod schema, or throws a 400 problem ('Invalid request') naming
 * every failing field: `field` is the dotted path (`applicant.ssn`; `(body)` for the part as a
 * whole), `rule` the zod issue code with its detail where it has one (`unrecognized_keys`,
 * `too_small`, `invalid_type:string`, `invalid_format:email`). An unknown key is reported once
 * per key, under its own path.
 *
 * @example
 * const body = parseWith(LoanApplication, request.body);          // body
 * const query = parseWith(ListQuery, request.query, 'query');     // '(query)' for the whole
 */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where = 'body'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldProblems(result.error.issues, where);
  throw new ProblemException({
    status: 400,
    title: 'Invalid request',
    detail: `The request ${where} has ${errors.length === 1 ? 'an invalid field' : `${errors.length} invalid fields`}: ${[...new Set(errors.map((error) => error.field))].join(', ')}.`,
    errors,
  });
}

/** zod issues as {@link FieldProblem}s. */
export function fieldProblems(issues: readonly z.core.$ZodIssue[], where = 'body'): FieldProblem[] {
  // An empty key (`{"": 1}`) is shown as `""`, so every problem names a field a client can see.
  const field = (path: readonly PropertyKey[]) =>
    path.length === 0 ? `(${where})` : path.map((segment) => (segment === '' ? '""' : String(segment))).join('.');
  return issues.flatMap((issue): FieldProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: field([...issue.path, key]),
        rule: 'unrecognized_keys',
        message: `unknown field "${key}" is not allowed`,
      }));
    }
    return [{ field: field(issue.path), rule: rule(issue), message: issue.message }];
  });
}

function rule(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_format':
      return `invalid_format:${issue.format}`;
    case 'invalid_type':
      return `invalid_type:${issue.expected}`;
    default:
      return issue.code;
  }
}
