import type { PromptRef } from '@baton/contracts';
import { LlmError } from '../errors/llm-error';
import { hashJson } from '../support/json';

/** Bumped when the way templates are rendered changes, so old hashes never match new prompts. */
export const PROMPT_RENDERING_VERSION = 1;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** What a vertical writes: fixed instructions plus a user message with `{{variable}}` places. */
export interface PromptTemplateDefinition {
  /** Stable id, e.g. `loan.assess-risk`. */
  readonly id: string;
  /** Semantic version of the wording; change it whenever the text changes. */
  readonly version: string;
  /** Instructions. No placeholders: data never reaches the system message. */
  readonly system: string;
  /** The user message; each `{{name}}` becomes a fenced data block holding that variable. */
  readonly user: string;
}

/** A defined template: its variables and its hash, recorded with every call made from it. */
export interface PromptTemplate extends PromptTemplateDefinition {
  /** The variables the user message places, in order of first appearance. */
  readonly variables: readonly string[];
  /** SHA-256 of the canonical template (id, version, texts, rendering version). */
  readonly hash: string;
  /** The contract record: id, version and hash. */
  readonly ref: PromptRef;
}

/**
 * Defines a versioned prompt template. Every variable is rendered as fenced data, never spliced
 * into instructions, which is why the system text may not contain placeholders.
 *
 * @example
 * const assessRisk = definePromptTemplate({
 *   id: 'loan.assess-risk', version: '1.0.0',
 *   system: 'You assess the credit risk of a loan application.',
 *   user: 'Application:\n{{application}}',
 * });
 */
export function definePromptTemplate(definition: PromptTemplateDefinition): PromptTemplate {
  if (!definition.id.trim() || !definition.version.trim())
    throw new LlmError('PROMPT_INVALID', 'a prompt template needs an id and a version');
  if ([...definition.system.matchAll(PLACEHOLDER)].length > 0) {
    throw new LlmError(
      'PROMPT_INVALID',
      `template ${definition.id}@${definition.version}: the system text may not contain placeholders`,
    );
  }
  const variables = [...new Set([...definition.user.matchAll(PLACEHOLDER)].map((match) => match[1] as string))];
  const hash = hashJson({
    id: definition.id,
    version: definition.version,
    system: definition.system,
    user: definition.user,
    rendering: PROMPT_RENDERING_VERSION,
  });
  const ref: PromptRef = { templateId: definition.id, templateVersion: definition.version, templateHash: hash };
  return Object.freeze({ ...definition, variables: Object.freeze(variables), hash, ref });
}

/**
 * The user text with each placeholder replaced by `replace(name)`.
 *
 * @example fillPlaceholders('a {{x}} b', () => 'X') // 'a X b'
 */
export function fillPlaceholders(text: string, replace: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => replace(name));
}
