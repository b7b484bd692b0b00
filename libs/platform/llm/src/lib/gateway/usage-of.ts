import type { TokenUsage } from '@baton/contracts';
import { AIMessage, BaseMessage } from '@langchain/core/messages';
import { countMessageTokens, countTokens } from '../tokens/token-counter';

/**
 * The token usage of one call: what the provider reported, or, when it reported nothing,
 * our own count of the prompt and of the answer's text and tool arguments.
 *
 * @example const { inputTokens, outputTokens } = usageOf(answer, messages);
 */
export function usageOf(answer: BaseMessage, prompt: readonly BaseMessage[]): TokenUsage {
  if (AIMessage.isInstance(answer) && answer.usage_metadata) {
    return { inputTokens: answer.usage_metadata.input_tokens, outputTokens: answer.usage_metadata.output_tokens };
  }
  const calls = AIMessage.isInstance(answer)
    ? [
        ...(answer.tool_calls ?? []).map((call) => JSON.stringify(call.args)),
        ...(answer.invalid_tool_calls ?? []).map((call) => call.args ?? ''),
      ]
    : [];
  return { inputTokens: countMessageTokens(prompt), outputTokens: countTokens(answer.text + calls.join('')) };
}
