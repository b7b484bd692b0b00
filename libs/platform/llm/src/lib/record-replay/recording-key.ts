import type { BindToolsInput, ToolChoice } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { hashJson } from '../support/json';

/** What a recorded response is filed under: the model and the hash of exactly what it was sent. */
export interface RecordingKey {
  /** `provider:model`, e.g. `openai:gpt-4o-mini`. */
  readonly modelId: string;
  /** SHA-256 of the canonical prompt: each message's role and text, the tools and tool choice. */
  readonly promptHash: string;
  /** `modelId#promptHash`. */
  readonly key: string;
}

/**
 * The key of one model call.
 *
 * @example recordingKey('deterministic:deterministic-v1', messages, [riskAssessment.tool], 'loan_risk_assessment').key
 */
export function recordingKey(
  modelId: string,
  messages: readonly BaseMessage[],
  tools: readonly BindToolsInput[],
  toolChoice: ToolChoice | undefined,
): RecordingKey {
  const promptHash = hashJson({
    messages: messages.map((message) => ({ role: message.getType(), text: message.text })),
    tools: tools.map((tool) => convertToOpenAITool(tool)),
    toolChoice: toolChoice ?? null,
  });
  return { modelId, promptHash, key: `${modelId}#${promptHash}` };
}
