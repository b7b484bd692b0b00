import { createHash } from 'node:crypto';
import { canonicalJson } from '@baton/contracts';
import type { PolicyDocument } from '../document/policy-document';

/**
 * What a stored version is: the document without its table tests, which may grow without a new
 * version (they describe the rules; they do not change a decision).
 *
 * @example versionContent(document).rules === document.rules // and no `tests`
 */
export function versionContent(document: PolicyDocument): Omit<PolicyDocument, 'tests'> {
  const { tests: _tests, ...content } = document;
  return content;
}

/**
 * SHA-256 of the RFC 8785 canonical JSON of a version's content: two files with the same id and
 * version must hash alike, or one of them changed without a new version.
 *
 * @example documentHash(document) === storedHash // same content
 */
export function documentHash(document: PolicyDocument): string {
  return createHash('sha256')
    .update(canonicalJson(versionContent(document)))
    .digest('hex');
}
