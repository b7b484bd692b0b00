import type { BaseMessage } from '@langchain/core/messages';
import type { CostLedger } from '../cost/cost-ledger';
import { costNanoUsd, ResolvedPrice } from '../cost/price-table';
import { BudgetExceededError, isLlmError, LlmError } from '../errors/llm-error';
import { readAnswer } from '../output/read-answer';
import { repairMessage } from '../output/repair-message';
import type { ModelEntry } from '../providers/model-entry';
import type { RenderedPrompt } from '../prompts/render-prompt';
import { countsAgainstProvider } from '../resilience/classify-provider-error';
import type { ProviderCircuits } from '../resilience/provider-circuits';
import type { Clock } from '../support/clock';
import { countMessageTokens } from '../tokens/token-counter';
import type { CallTally } from './call-tally';
import type { AttemptKind, AttemptReport } from './attempt-report';
import type { ModelInvocation } from './model-gateway';
import { usageOf } from './usage-of';

/** What one model needs from the gateway to be asked. */
export interface AttemptDeps {
  readonly circuits: ProviderCircuits;
  readonly ledger: CostLedger;
  readonly clock: Clock;
  readonly retries: number;
  readonly onAttempt?: (report: AttemptReport) => void;
}

/** One invocation's state while it moves along the chain. */
export interface AttemptScope<T> {
  readonly invocation: ModelInvocation<T>;
  readonly prompt: RenderedPrompt;
  readonly price: ResolvedPrice;
  readonly budgetNanoUsd: number | null;
  readonly tally: CallTally;
}

/**
 * Asks one model until it gives a schema-valid answer or gives up: the first call; after an
 * invalid answer one repair (a re-ask with the issues); then up to `retries` fresh calls. Provider
 * failures use up fresh calls too, except an open circuit or a rate limit, which move on to the
 * next model at once. Returns the output, or null to fall back. A budget refusal, and the
 * gateway's own configuration or replay errors, stop everything.
 *
 * @example const output = await answerFromModel(entry, deps, scope);
 */
export async function answerFromModel<T>(
  entry: ModelEntry,
  deps: AttemptDeps,
  scope: AttemptScope<T>,
): Promise<{ output: T } | null> {
  const { invocation, prompt, tally } = scope;
  const tool = invocation.output.tool;
  const bound = entry.chatModel.bindTools?.(
    [tool],
    entry.toolChoice === false ? {} : { tool_choice: tool.function.name },
  );
  if (!bound) throw new LlmError('CONFIGURATION_INVALID', `model ${entry.provider}:${entry.model} cannot bind tools`);
  let freshCalls = 1 + deps.retries;
  let repairs = 1;
  let rejected: { raw: string; issues: readonly string[] } | null = null;
  for (;;) {
    let kind: AttemptKind;
    let messages: BaseMessage[];
    if (rejected && repairs > 0) {
      repairs -= 1;
      kind = 'repair';
      messages = [...prompt.messages, repairMessage(tool.function.name, rejected.raw, rejected.issues)];
    } else if (freshCalls > 0) {
      kind = freshCalls === 1 + deps.retries ? 'initial' : 'retry';
      freshCalls -= 1;
      messages = [...prompt.messages];
    } else return null;

    await refuseOverBudget(entry, deps, scope, messages);
    const report = (outcome: string, cost: number) =>
      deps.onAttempt?.({
        runId: invocation.runId,
        stepId: invocation.stepId,
        provider: entry.provider,
        model: entry.model,
        kind,
        outcome,
        costNanoUsd: cost,
      });
    tally.attempts += 1;
    let message: BaseMessage;
    try {
      message = await deps.circuits.execute(entry.provider, entry.timeoutMs, (signal) =>
        bound.invoke(messages, { signal }),
      );
    } catch (error) {
      // Configuration and replay errors are bugs to surface, not outages to route around.
      if (!isLlmError(error) || !countsAgainstProvider(error)) throw error;
      tally.lastError = error;
      rejected = null; // nothing to repair after a failed call
      report(error.code, 0);
      if (error.code === 'CIRCUIT_OPEN' || error.code === 'RATE_LIMITED') return null;
      continue;
    }
    const cost = await recordCost(entry, deps, scope, messages, message);
    const answer = readAnswer(message, tool.function.name, invocation.output.schema);
    answer.ignoredToolCalls.forEach((name) => tally.ignoredToolCalls.add(name));
    report(answer.ok ? 'valid' : 'invalid', cost);
    if (answer.ok) return { output: answer.output };
    rejected = { raw: answer.raw, issues: answer.issues };
    tally.lastInvalid = rejected;
  }
}

async function refuseOverBudget<T>(
  entry: ModelEntry,
  deps: AttemptDeps,
  scope: AttemptScope<T>,
  messages: BaseMessage[],
): Promise<void> {
  if (scope.budgetNanoUsd === null) return;
  // Worst case: the prompt as counted, and the longest answer the model is allowed to give.
  const estimate = costNanoUsd(scope.price, {
    inputTokens: countMessageTokens(messages),
    outputTokens: entry.maxOutputTokens,
  });
  const spent = (await deps.ledger.totalForRun(scope.invocation.runId)).costNanoUsd;
  if (spent + estimate > scope.budgetNanoUsd)
    throw new BudgetExceededError(scope.invocation.runId, scope.budgetNanoUsd, spent, estimate);
}

async function recordCost<T>(
  entry: ModelEntry,
  deps: AttemptDeps,
  scope: AttemptScope<T>,
  messages: BaseMessage[],
  message: BaseMessage,
): Promise<number> {
  const usage = usageOf(message, messages);
  const cost = costNanoUsd(scope.price, usage);
  scope.tally.inputTokens += usage.inputTokens;
  scope.tally.outputTokens += usage.outputTokens;
  scope.tally.costNanoUsd += cost;
  const { runId, stepId, tenantId } = scope.invocation;
  await deps.ledger.record({
    runId,
    stepId,
    tenantId,
    provider: entry.provider,
    model: entry.model,
    usage,
    costNanoUsd: cost,
    at: deps.clock.now().toISOString(),
  });
  return cost;
}
