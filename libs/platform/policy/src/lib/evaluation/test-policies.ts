import type { PolicyDocumentInput } from '../document/policy-document';
import { parsePolicyDocument } from '../document/validate-policy';
import { CompiledPolicy } from './compile-policy';
import { PolicySet } from './policy-set';

// Small documents for this library's unit tests.

export const AT = '2026-11-24T10:00:00Z';

let counter = 0;
/** Deterministic UUIDs for tests. */
export const testId = (): string => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;

/** A policy over `x.*` facts with one rule per effect, each fired by its own flag. */
export function flagPolicy(overrides: Partial<PolicyDocumentInput> = {}): PolicyDocumentInput {
  return {
    id: 'flags',
    version: '1',
    description: 'one rule per effect',
    intents: ['llm.invoke'],
    defaultEffect: 'deny',
    defaultObligations: [{ type: 'redact', fields: ['x.secret'] }],
    rules: [
      {
        id: 'allow-rule',
        priority: 1,
        condition: { fact: 'x.allow', operator: 'equal', value: true },
        effect: 'allow',
        reason: { code: 'ALLOWED', message: 'allowed' },
        obligations: [{ type: 'cap', name: 'tokens', limit: 100 }],
      },
      {
        id: 'review-rule',
        priority: 2,
        condition: { fact: 'x.review', operator: 'equal', value: true },
        effect: 'review',
        reason: { code: 'REVIEWED', message: 'reviewed' },
        obligations: [{ type: 'human_review', queue: 'q' }],
      },
      {
        id: 'deny-rule',
        priority: 3,
        condition: { fact: 'x.deny', operator: 'equal', value: true },
        effect: 'deny',
        reason: { code: 'DENIED', message: 'denied' },
      },
    ],
    ...overrides,
  };
}

export function setOf(...documents: PolicyDocumentInput[]): PolicySet {
  return PolicySet.of(documents.map((document) => CompiledPolicy.compile(parsePolicyDocument(document))));
}
