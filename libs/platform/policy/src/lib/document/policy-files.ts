import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyValidationError } from '../errors/policy-error';
import type { PolicyDocument } from './policy-document';
import { policyIssueAt } from './policy-issue';
import { PolicyValidation, validatePolicyJson } from './validate-policy';

/** A policy file read and validated. */
export interface PolicyFile {
  readonly file: string;
  readonly validation: PolicyValidation;
}

/**
 * Every `.json` file under a directory, recursively, in a stable order.
 *
 * @example policyFilesIn('libs/loan-underwriting/feature/policies') // ['.../lending-llm.json']
 */
export function policyFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : policyFilesIn(path);
      return entry.isFile() && entry.name.endsWith('.json') ? [path] : [];
    });
}

/**
 * Reads and validates one file; an unreadable file is an issue like a bad field.
 *
 * @example const { validation } = readPolicyFile('policies/lending-llm.json');
 */
export function readPolicyFile(file: string): PolicyFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return {
      file,
      validation: {
        ok: false,
        issues: [policyIssueAt(undefined, [], `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)],
      },
    };
  }
  return { file, validation: validatePolicyJson(text) };
}

/**
 * The validated documents of a directory (a vertical's `policies/`). Throws a
 * {@link PolicyValidationError} for the first invalid file, with every issue in it.
 *
 * @example const documents = loadPolicyDirectory(join(__dirname, 'policies'));
 */
export function loadPolicyDirectory(dir: string): PolicyDocument[] {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new PolicyValidationError(dir, [policyIssueAt(undefined, [], 'is not a directory of policy files')]);
  }
  return policyFilesIn(dir).map((file) => {
    const { validation } = readPolicyFile(file);
    if (!validation.ok) throw new PolicyValidationError(file, validation.issues);
    return validation.document;
  });
}
