import type { BaseChatModel, BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import { BaseMessage, mapChatMessagesToStoredMessages } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { DelegatingChatModel } from '../wrappers/delegating-chat-model';
import { recordingKey } from './recording-key';
import type { RecordingStore } from './recording-store';

export interface RecordingChatModelFields extends BaseChatModelParams {
  /** The model whose answers are recorded. */
  inner: BaseChatModel;
  store: RecordingStore;
  /** `provider:model` of `inner`; part of every key. */
  modelId: string;
}

/**
 * Passes every call to the wrapped model and records its answer, keyed by model and prompt
 * hash, so {@link ReplayChatModel} can re-execute the run later without any model.
 *
 * @example
 * const recording = new RecordingChatModel({ inner: model, store, modelId: 'openai:gpt-4o-mini' });
 */
export class RecordingChatModel extends DelegatingChatModel {
  private readonly inner: BaseChatModel;
  private readonly store: RecordingStore;
  readonly modelId: string;

  constructor(fields: RecordingChatModelFields) {
    const { inner, store, modelId, ...base } = fields;
    // Only LangChain's own params go to the base class, which keeps them for serialisation.
    super(base);
    this.inner = inner;
    this.store = store;
    this.modelId = modelId;
  }

  _llmType(): string {
    return 'baton-recording';
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const message = await this.callInner(this.inner, messages, options);
    const key = recordingKey(this.modelId, messages, options.tools ?? [], options.tool_choice);
    const [stored] = mapChatMessagesToStoredMessages([message]);
    if (stored) await this.store.append({ ...key, message: stored });
    return this.asResult(message);
  }
}
