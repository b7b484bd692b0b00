import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  BaseChatModelCallOptions,
  BaseChatModelParams,
  BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { LlmError } from '../errors/llm-error';
import { readMessagesData } from '../prompts/data-fence';
import { hashJson, isJsonObject } from '../support/json';
import { seededRandom } from '../support/seeded-random';
import { countMessageTokens, countTokens } from '../tokens/token-counter';
import { chosenTool, toolName } from './bound-tools';
import { DeterministicRule, DeterministicRules } from './deterministic-rules';

/** Call options: the tools `bindTools` attached. */
export interface DeterministicCallOptions extends BaseChatModelCallOptions {
  tools?: BindToolsInput[];
}

export interface DeterministicChatModelFields extends BaseChatModelParams {
  /** Reported model name; also its price-table key. Default `deterministic-v1`. */
  model?: string;
  /** Seeds the random source rules may use. Default 0. */
  seed?: number;
  /** Shared with the vertical that registers rules. Default: an empty registry. */
  rules?: DeterministicRules;
}

/**
 * A real LangChain chat model that answers offline and deterministically: it reads the fenced
 * data out of the prompt, runs the rule registered for the bound tool (the output schema) and
 * answers with one tool call, reporting token usage counted with js-tiktoken. It supports
 * `bindTools` and therefore LangChain's own `withStructuredOutput`. No clock, no randomness
 * beyond its seed.
 *
 * @example
 * const model = new DeterministicChatModel().registerRule('loan_risk', (data) => ({ band: 'low' }));
 * const answer = await model.withStructuredOutput(riskSchema, { name: 'loan_risk' }).invoke(prompt);
 */
export class DeterministicChatModel extends BaseChatModel<DeterministicCallOptions, AIMessageChunk> {
  readonly model: string;
  readonly seed: number;
  readonly rules: DeterministicRules;

  static override lc_name(): string {
    return 'DeterministicChatModel';
  }

  constructor(fields: DeterministicChatModelFields = {}) {
    const { model, seed, rules, ...base } = fields;
    // The rule registry holds functions: keep it out of the params LangChain serialises.
    super(base);
    this.model = model ?? 'deterministic-v1';
    this.seed = seed ?? 0;
    this.rules = rules ?? new DeterministicRules();
  }

  _llmType(): string {
    return 'baton-deterministic';
  }

  /** Registers the rule that answers `schemaName`; see {@link DeterministicRules.register}. */
  registerRule(schemaName: string, rule: DeterministicRule): this {
    this.rules.register(schemaName, rule);
    return this;
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<DeterministicCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, DeterministicCallOptions> {
    return this.withConfig({ ...kwargs, tools });
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const names = (options.tools ?? []).map(toolName);
    const name = chosenTool(names, options.tool_choice, (candidate) => this.rules.has(candidate));
    if (name === null) {
      throw new LlmError(
        'CONFIGURATION_INVALID',
        'the deterministic model answers only through a bound tool (an output schema); none was bound',
      );
    }
    const rule = this.rules.get(name);
    if (!rule)
      throw new LlmError(
        'RULE_MISSING',
        `the deterministic model has no rule for ${name}; register one with registerRule`,
      );
    const data = readMessagesData(messages);
    // The seed and the data, never the clock: the same prompt always gets the same answer.
    const random = seededRandom((this.seed ^ Number.parseInt(hashJson(data).slice(0, 8), 16)) >>> 0);
    const args = rule(data, { toolName: name, seed: this.seed, random });
    if (!isJsonObject(args))
      throw new LlmError('CONFIGURATION_INVALID', `the rule for ${name} must return a JSON object`);
    const raw = JSON.stringify(args);
    const inputTokens = countMessageTokens(messages);
    const outputTokens = countTokens(raw);
    const message = new AIMessageChunk({
      content: '',
      tool_calls: [{ name, args, id: `call_${hashJson({ name, args }).slice(0, 24)}`, type: 'tool_call' }],
      usage_metadata: {
        input_tokens: inputTokens,
        output_tokens: outputTokens,
        total_tokens: inputTokens + outputTokens,
      },
      response_metadata: { model_name: this.model },
    });
    return { generations: [{ text: '', message }] };
  }
}
