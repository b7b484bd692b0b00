import type { ModelCallRequest, ModelCallResult } from '@baton/contracts';
import { CostLedger, InMemoryCostLedger } from '../cost/cost-ledger';
import { defaultPriceTable } from '../cost/default-prices';
import { nanoUsdToUsd, priceFor, PriceTable, ResolvedPrice } from '../cost/price-table';
import { runBudgetNanoUsd } from '../cost/run-budget';
import { LlmError } from '../errors/llm-error';
import { redactVariables } from '../prompts/redact-variables';
import { renderPrompt } from '../prompts/render-prompt';
import type { ModelEntry } from '../providers/model-entry';
import {
  BreakerSettings,
  BreakerStateChange,
  defaultBreakerSettings,
  ProviderCircuits,
} from '../resilience/provider-circuits';
import { Clock, systemClock } from '../support/clock';
import { hashJson, JsonValue } from '../support/json';
import { answerFromModel, AttemptDeps } from './answer-from-model';
import type { AttemptReport } from './attempt-report';
import { CallTally } from './call-tally';
import { checkPermit, hashModelInput } from './check-permit';
import type { ModelGateway, ModelInvocation, ModelInvocationResult } from './model-gateway';

export interface ChatModelGatewayOptions {
  /** The chain: primary first, then fallbacks in order. */
  readonly models: readonly ModelEntry[];
  /** Default {@link defaultPriceTable}. Every model must have a price. */
  readonly prices?: PriceTable;
  /** Default: a new {@link InMemoryCostLedger}. */
  readonly ledger?: CostLedger;
  /** Permit expiry and latency are read from it. Default: the system clock. */
  readonly clock?: Clock;
  /** Fresh calls per model after the repair re-ask. Default 1. */
  readonly retries?: number;
  /** Per-provider circuit breaker. Default: 5 consecutive failures, 30 s open. */
  readonly breaker?: BreakerSettings;
  readonly onBreakerStateChange?: (change: BreakerStateChange) => void;
  readonly onAttempt?: (report: AttemptReport) => void;
}

/**
 * The {@link ModelGateway} over LangChain chat models. Per call: check the permit, redact,
 * render the versioned prompt, then ask the chain (repair, retry, fall back) under per-provider
 * timeouts and breakers, refusing any call the run's budget cannot cover, and pricing every
 * call from the price table.
 *
 * @example
 * const gateway = new ChatModelGateway({ models: await createModelChain(readLlmConfig(process.env), { rules }) });
 */
export class ChatModelGateway implements ModelGateway {
  private readonly models: readonly { entry: ModelEntry; price: ResolvedPrice }[];
  private readonly deps: AttemptDeps;
  private readonly circuits: ProviderCircuits;
  readonly ledger: CostLedger;

  constructor(options: ChatModelGatewayOptions) {
    if (options.models.length === 0)
      throw new LlmError('CONFIGURATION_INVALID', 'the model gateway needs at least one model');
    const prices = options.prices ?? defaultPriceTable;
    this.models = options.models.map((entry) => {
      if (typeof entry.chatModel.bindTools !== 'function') {
        throw new LlmError(
          'CONFIGURATION_INVALID',
          `${entry.provider}:${entry.model} does not support tool calling, so it cannot fill an output schema`,
        );
      }
      // Priced up front: a model without a price would make costs and budgets silently wrong.
      return { entry, price: priceFor(prices, entry.provider, entry.model) };
    });
    this.ledger = options.ledger ?? new InMemoryCostLedger();
    this.circuits = new ProviderCircuits(options.breaker ?? defaultBreakerSettings, options.onBreakerStateChange);
    this.deps = {
      circuits: this.circuits,
      ledger: this.ledger,
      clock: options.clock ?? systemClock,
      retries: options.retries ?? 1,
      ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
    };
  }

  async invoke<T>(invocation: ModelInvocation<T>): Promise<ModelInvocationResult<T>> {
    const startedAt = this.deps.clock.now();
    const inputHash = invocation.inputHash ?? hashModelInput(invocation.variables);
    const permit = checkPermit(invocation.permit, {
      runId: invocation.runId,
      stepId: invocation.stepId,
      inputHash,
      at: startedAt.toISOString(),
    });
    const obligations = invocation.obligations ?? [];
    const redaction = redactVariables(invocation.variables, obligations);
    const prompt = renderPrompt(invocation.prompt, redaction.variables, invocation.output.name);
    const promptHash = hashJson({
      messages: prompt.messages.map((message) => ({ role: message.getType(), text: message.text })),
      tool: invocation.output.tool,
    });
    const budgetNanoUsd = runBudgetNanoUsd(invocation.maxCostUsd, obligations);
    const tally = new CallTally();

    for (const [index, { entry, price }] of this.models.entries()) {
      const answer = await answerFromModel(entry, this.deps, { invocation, prompt, price, budgetNanoUsd, tally });
      if (!answer) continue;
      const request: ModelCallRequest = {
        runId: invocation.runId,
        stepId: invocation.stepId,
        idempotencyKey: `${invocation.runId}:${invocation.stepId}`,
        permit,
        prompt: invocation.prompt.ref,
        variables: redaction.variables,
        outputSchema: { name: invocation.output.name, version: invocation.output.version },
        model: null,
      };
      const result: ModelCallResult = {
        provider: entry.provider,
        model: entry.model,
        prompt: invocation.prompt.ref,
        output: answer.output as JsonValue,
        usage: { inputTokens: tally.inputTokens, outputTokens: tally.outputTokens },
        costUsd: nanoUsdToUsd(tally.costNanoUsd),
        latencyMs: Math.max(0, this.deps.clock.now().getTime() - startedAt.getTime()),
        attempts: tally.attempts,
        fallbackUsed: index > 0,
      };
      return {
        output: answer.output,
        request,
        result,
        costNanoUsd: tally.costNanoUsd,
        promptHash,
        redactedFields: redaction.redacted,
        unmatchedRedactions: redaction.unmatched,
        ignoredToolCalls: [...tally.ignoredToolCalls],
      };
    }
    throw tally.failure(invocation.output.name);
  }

  /** A provider's breaker state, e.g. for a health endpoint. */
  breakerState(provider: string): ReturnType<ProviderCircuits['state']> {
    return this.circuits.state(provider);
  }
}
