import type { z } from 'zod';

const withArticle = (noun: string): string => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : withArticle(typeof value);

/**
 * zod messages phrased for policy authors: a missing field "is required", a wrong type says
 * what it got, an enum lists its options.
 */
export const policyErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (
    issue.input === undefined &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')
  ) {
    return 'is required';
  }
  if (issue.code === 'invalid_value')
    return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, not ${JSON.stringify(issue.input)}`;
  if (issue.code === 'invalid_type')
    return `must be ${issue.expected === 'int' ? 'an integer' : withArticle(issue.expected)}, not ${describe(issue.input)}`;
  return undefined;
};
