import { Redactor } from '@redactpii/node';
import type { IdentifierDetector } from '@baton/llm';

// A character no encounter text holds (the contracts reject NUL), so each redaction shows where it was.
const MARK = '\u0000';
// Never given an API key: without one it makes no network call (FACTS.md).
const redactor = new Redactor({ apiKey: null, globalReplaceWith: MARK });
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `@redactpii/node` (regex-based: SSN, phone, e-mail, cards, names after greetings) as a
 * detector for the platform's `Pseudonymiser`: the substrings it would redact, found by lining its
 * output up with the text, so they get the encounter's stable tokens (`[PII-1]`) instead of its
 * fixed labels.
 *
 * @example redactpiiDetector('Dear John Smith, call today'); // [{ kind: 'PII', value: 'Dear John Smith' }]
 */
export const redactpiiDetector: IdentifierDetector = (text) => {
  if (text.includes(MARK)) return [];
  const redacted = redactor.redact(text);
  if (!redacted.includes(MARK)) return [];
  const pattern = new RegExp(`^${redacted.split(MARK).map(escape).join('([\\s\\S]+?)')}$`);
  const match = pattern.exec(text);
  return match ? match.slice(1).map((value) => ({ kind: 'PII', value })) : [];
};
