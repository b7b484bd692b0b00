import type { BaseMessage } from '@langchain/core/messages';
import { getEncoding, type Tiktoken, type TiktokenBPE } from 'js-tiktoken';

// The ranks' pattern and special tokens (a package export subpath, which this repository's
// `moduleResolution` cannot type; Node resolves it, and getEncoding loads the same module).
const cl100kBase = require('js-tiktoken/ranks/cl100k_base') as TiktokenBPE;

/** The encoding every count uses. Its ranks ship inside js-tiktoken, so nothing is fetched. */
export const TOKEN_ENCODING = 'cl100k_base';

let encoder: Tiktoken | undefined;

/**
 * Counts per pre-token piece. BPE runs within each piece the encoding's pattern splits a text
 * into, so a text's count is the sum of its pieces' counts; prompts repeat the same pieces (JSON
 * keys, field values, instructions) call after call, and js-tiktoken spends most of its time on
 * the BPE of pieces it has seen before. Cleared when full, so it stays bounded.
 */
const pieceCounts = new Map<string, number>();
const MAX_PIECES = 50_000;
const pieces = new RegExp(cl100kBase.pat_str, 'gu');
const specialTokens = Object.keys(cl100kBase.special_tokens);

/**
 * Tokens in a text, counted with js-tiktoken's bundled cl100k_base ranks (memoized per piece:
 * the same count as `encode(text).length`, a test checks it). Exact for the deterministic model
 * (which reports these counts); an estimate for hosted models, whose own reported usage takes
 * precedence.
 *
 * @example countTokens('hello world') // 2
 */
export function countTokens(text: string): number {
  // Built on first use: loading the ranks takes a moment, and many processes never count.
  encoder ??= getEncoding(TOKEN_ENCODING);
  // A special token's text makes js-tiktoken throw; keep exactly its behaviour for such texts.
  if (specialTokens.some((special) => text.includes(special))) return encoder.encode(text).length;
  let count = 0;
  for (const match of text.matchAll(pieces)) {
    const piece = match[0];
    let tokens = pieceCounts.get(piece);
    if (tokens === undefined) {
      tokens = encoder.encode(piece).length;
      if (pieceCounts.size >= MAX_PIECES) pieceCounts.clear();
      pieceCounts.set(piece, tokens);
    }
    count += tokens;
  }
  return count;
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
