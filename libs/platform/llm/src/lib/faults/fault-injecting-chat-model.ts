import type { BaseChatModel, BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { sleep as realSleep, Sleep } from '../support/sleep';
import { chosenTool, toolName } from '../providers/bound-tools';
import { DelegatingChatModel } from '../wrappers/delegating-chat-model';
import { corruptAnswer } from './corrupt-answer';
import type { Fault, FaultPlan } from './fault-plan';
import { InjectedProviderError } from './provider-fault-errors';

export interface FaultInjectingChatModelFields extends BaseChatModelParams {
  /** The healthy model whose answers are delayed, replaced or corrupted. */
  inner: BaseChatModel;
  plan: FaultPlan;
  /** Injected so tests need not wait in real time. Default: real timers. */
  sleep?: Sleep;
}

/**
 * Wraps any chat model and injects the faults a {@link FaultPlan} prescribes, call by call:
 * latency, hangs, provider errors, rate limits, malformed or truncated JSON, schema violations,
 * echoed prompt injections and rationales citing protected attributes. For fault tests and the
 * demo; the gateway must turn every one of them into repair, fallback or a typed failure.
 *
 * @example
 * const flaky = new FaultInjectingChatModel({ inner: model, plan: faultSequence([{ kind: 'truncated_json' }]) });
 */
export class FaultInjectingChatModel extends DelegatingChatModel {
  private readonly inner: BaseChatModel;
  private readonly plan: FaultPlan;
  private readonly sleep: Sleep;
  private callCount = 0;
  /** The fault each call got, in order (null for a healthy call). */
  readonly injected: (Fault | null)[] = [];

  constructor(fields: FaultInjectingChatModelFields) {
    const { inner, plan, sleep, ...base } = fields;
    super(base);
    this.inner = inner;
    this.plan = plan;
    this.sleep = sleep ?? realSleep;
  }

  _llmType(): string {
    return 'baton-fault-injecting';
  }

  /** Calls received so far, faulty or not. */
  get calls(): number {
    return this.callCount;
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const fault = this.plan.faultFor(this.callCount);
    this.callCount += 1;
    this.injected.push(fault);
    if (fault === null) return this.asResult(await this.callInner(this.inner, messages, options));
    switch (fault.kind) {
      case 'latency':
        await this.sleep(fault.ms, options.signal);
        return this.asResult(await this.callInner(this.inner, messages, options));
      case 'hang':
        await this.sleep(Number.POSITIVE_INFINITY, options.signal);
        throw new InjectedProviderError('the injected hang ended without an abort', 504);
      case 'error':
        throw new InjectedProviderError(fault.message ?? 'injected provider failure', 503);
      case 'rate_limit':
        throw new InjectedProviderError('injected rate limit', 429, fault.retryAfterMs ?? 1_000);
      default: {
        const healthy = await this.callInner(this.inner, messages, options);
        const tool = chosenTool((options.tools ?? []).map(toolName), options.tool_choice) ?? 'answer';
        return this.asResult(corruptAnswer(healthy, tool, fault));
      }
    }
  }
}
