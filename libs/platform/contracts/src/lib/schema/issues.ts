import type { z } from 'zod';
import type { ContractIssue } from '../errors/contract-violation';

/** zod issues as {@link ContractIssue}s: one per failing path and rule, unknown keys named. */
export function toContractIssues(issues: readonly z.core.$ZodIssue[]): ContractIssue[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key].join('.'),
        rule: 'unrecognized_keys',
        message: `unknown field "${key}" is not allowed`,
      }));
    }
    return [{ path: path.join('.'), rule: issue.code, message: issue.message }];
  });
}
