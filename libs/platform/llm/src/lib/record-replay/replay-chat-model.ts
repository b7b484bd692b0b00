import type { BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import { AIMessage, BaseMessage, convertToChunk, mapStoredMessageToChatMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { LlmError } from '../errors/llm-error';
import { DelegatingChatModel } from '../wrappers/delegating-chat-model';
import { recordingKey } from './recording-key';
import type { RecordingStore } from './recording-store';

export interface ReplayChatModelFields extends BaseChatModelParams {
  store: RecordingStore;
  /** `provider:model` the responses were recorded from. */
  modelId: string;
}

/**
 * Answers from recordings only: the n-th call with a given prompt gets the n-th response
 * recorded for it. Nothing is ever sent to a model; a prompt that was not recorded (the run
 * diverged) is a REPLAY_MISS. Use one instance per replayed run.
 *
 * @example
 * const replay = new ReplayChatModel({ store, modelId: 'openai:gpt-4o-mini' });
 */
export class ReplayChatModel extends DelegatingChatModel {
  private readonly store: RecordingStore;
  private readonly cursors = new Map<string, number>();
  readonly modelId: string;

  constructor(fields: ReplayChatModelFields) {
    const { store, modelId, ...base } = fields;
    super(base);
    this.store = store;
    this.modelId = modelId;
  }

  _llmType(): string {
    return 'baton-replay';
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const { key, promptHash } = recordingKey(this.modelId, messages, options.tools ?? [], options.tool_choice);
    const recorded = await this.store.responses(key);
    const index = this.cursors.get(key) ?? 0;
    const response = recorded[index];
    if (!response) {
      throw new LlmError(
        'REPLAY_MISS',
        `no recording #${index + 1} for ${this.modelId} and prompt ${promptHash} (${recorded.length} recorded)`,
      );
    }
    this.cursors.set(key, index + 1);
    const message = mapStoredMessageToChatMessage(response.message);
    // Chunks keep LangChain's own withStructuredOutput working; an answer with unparsable tool
    // arguments stays a full message, since converting would re-parse (leniently) and hide them.
    const replayed =
      AIMessage.isInstance(message) && (message.invalid_tool_calls ?? []).length === 0
        ? convertToChunk(message)
        : message;
    return this.asResult(replayed);
  }
}
