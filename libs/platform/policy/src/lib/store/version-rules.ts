import type { PolicyDocument } from '../document/policy-document';
import { parsePolicyDocument } from '../document/validate-policy';
import { PolicyError } from '../errors/policy-error';
import { CompiledPolicy } from '../evaluation/compile-policy';
import { documentHash } from '../evaluation/document-hash';

// The rules every store adapter applies, kept in one place so the adapters cannot drift.

/** Validates a stored document again and compiles it: what fails is never activated. */
export function activatableDocument(raw: unknown, key: string): PolicyDocument {
  const document = parsePolicyDocument(raw, key);
  CompiledPolicy.compile(document);
  return document;
}

/** A stored version offered again must have the same content. */
export function assertSameContent(storedHash: string, document: PolicyDocument): void {
  if (storedHash !== documentHash(document)) {
    throw new PolicyError(
      'VERSION_IMMUTABLE',
      `${document.id}@${document.version} is already stored with other content; versions never change, so give this one a new version`,
    );
  }
}

/** No intent may be governed by two active policies. */
export function assertNoConflict(
  target: PolicyDocument,
  active: readonly { readonly key: string; readonly intents: readonly string[] }[],
): void {
  for (const other of active) {
    const shared = target.intents.filter((intent) => other.intents.includes(intent));
    if (shared.length > 0) {
      throw new PolicyError(
        'POLICY_CONFLICT',
        `${target.id}@${target.version} cannot be activated: ${other.key} already governs ${shared.join(', ')}; retire it first`,
      );
    }
  }
}

/** A seed holds one version per policy: two would leave which one to activate to chance. */
export function assertOneVersionEach(documents: readonly PolicyDocument[]): void {
  const seen = new Map<string, string>();
  for (const document of documents) {
    const other = seen.get(document.id);
    if (other !== undefined)
      throw new PolicyError(
        'POLICY_CONFLICT',
        `the seed holds two versions of ${document.id} (${other} and ${document.version}); keep one`,
      );
    seen.set(document.id, document.version);
  }
}
