import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  BaseChatModelCallOptions,
  BaseChatModelParams,
  BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { LlmError } from '../errors/llm-error';

/** Call options of a wrapper: the tools `bindTools` attached, passed on to the wrapped model. */
export interface DelegatingCallOptions extends BaseChatModelCallOptions {
  tools?: BindToolsInput[];
}

/**
 * Base of chat models that wrap another (recording, replay, fault injection). Tools bound to the
 * wrapper are bound to the wrapped model on each call, so structured output works through any
 * stack of wrappers, including LangChain's own `withStructuredOutput`.
 *
 * @example class Passthrough extends DelegatingChatModel { ... return this.asResult(await this.callInner(inner, messages, options)); }
 */
export abstract class DelegatingChatModel extends BaseChatModel<DelegatingCallOptions, AIMessageChunk> {
  constructor(fields: BaseChatModelParams = {}) {
    super(fields);
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<DelegatingCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, DelegatingCallOptions> {
    return this.withConfig({ ...kwargs, tools });
  }

  /** Invokes `inner` with these messages, tools, tool choice and abort signal. */
  protected async callInner(
    inner: BaseChatModel,
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
  ): Promise<BaseMessage> {
    const tools = options.tools ?? [];
    if (tools.length === 0) return inner.invoke(messages, { signal: options.signal });
    if (typeof inner.bindTools !== 'function') {
      throw new LlmError(
        'CONFIGURATION_INVALID',
        `${inner._llmType()} does not support tool calling, so it cannot fill an output schema`,
      );
    }
    const bound = inner.bindTools(tools, options.tool_choice === undefined ? {} : { tool_choice: options.tool_choice });
    return bound.invoke(messages, { signal: options.signal });
  }

  /** Wraps a message as LangChain's generation result. */
  protected asResult(message: BaseMessage): ChatResult {
    return { generations: [{ text: message.text, message }] };
  }
}
