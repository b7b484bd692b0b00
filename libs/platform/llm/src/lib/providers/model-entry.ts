import type { BaseChatModel } from '@langchain/core/language_models/chat_models';

/** One model of the gateway's chain: the chat model plus what the gateway needs to call it. */
export interface ModelEntry {
  /** Provider label: price-table key, breaker key and recorded `provider`. */
  readonly provider: string;
  /** Model name: price-table key and recorded `model`. */
  readonly model: string;
  readonly chatModel: BaseChatModel;
  /** Per-call timeout. */
  readonly timeoutMs: number;
  /** Worst-case answer length, used to estimate a call's cost before making it. */
  readonly maxOutputTokens: number;
  /** False for providers that reject `tool_choice`; the one bound tool is then only offered. */
  readonly toolChoice?: boolean;
}
