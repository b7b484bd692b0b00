import { z } from 'zod';
import type { ContractIssue } from '../errors/contract-violation';

/**
 * Why a schema cannot describe a JSON message (a date, a bigint, a transform ...), or null
 * when it can. zod 4's own JSON Schema converter is the judge, so what registers also exports.
 */
export function jsonIncompatibility(schema: z.core.$ZodType): string | null {
  try {
    z.toJSONSchema(schema);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Every string (value or key) in a parsed JSON value that contains the NUL character, which
 * PostgreSQL jsonb cannot store. Checked for every message, whatever its schema says.
 */
export function nulCharacterIssues(value: unknown, path: readonly (string | number)[] = []): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const visit = (node: unknown, at: readonly (string | number)[]): void => {
    if (typeof node === 'string') {
      if (node.includes('\u0000')) issues.push(nulIssue(at));
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...at, index]));
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        if (key.includes('\u0000')) issues.push(nulIssue([...at, key]));
        visit(item, [...at, key]);
      }
    }
  };
  visit(value, path);
  return issues;
}

function nulIssue(path: readonly (string | number)[]): ContractIssue {
  return { path: path.join('.'), rule: 'no_nul_character', message: 'must not contain the NUL character (\\u0000)' };
}
