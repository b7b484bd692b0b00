import type { BaseMessage } from '@langchain/core/messages';
import { getEncoding, type Tiktoken } from 'js-tiktoken';

/** The encoding every count uses. Its ranks ship inside js-tiktoken, so nothing is fetched. */
export const TOKEN_ENCODING = 'cl100k_base';

let encoder: Tiktoken | undefined;

/**
 * Tokens in a text, counted with js-tiktoken's bundled cl100k_base ranks. Exact for the
 * deterministic model (which reports these counts); an estimate for hosted models, whose own
 * reported usage takes precedence.
 *
 * @example countTokens('hello world') // 2
 */
export function countTokens(text: string): number {
  // Built on first use: loading the ranks takes a moment, and many processes never count.
  encoder ??= getEncoding(TOKEN_ENCODING);
  return encoder.encode(text).length;
}

/**
 * Input tokens of a prompt: the sum of {@link countTokens} over each message's text. No
 * per-message framing overhead is added; the deterministic model reports exactly this.
 *
 * @example countMessageTokens([new HumanMessage('hello world')]) // 2
 */
export function countMessageTokens(messages: readonly BaseMessage[]): number {
  return messages.reduce((sum, message) => sum + countTokens(message.text), 0);
}
