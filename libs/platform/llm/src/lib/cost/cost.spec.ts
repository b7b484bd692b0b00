import {
  applicationVariables,
  assessRisk,
  caught,
  deterministicModel,
  entry,
  fixedClock,
  permitFor,
  riskAssessment,
  riskInvocation,
  settled,
  SpyChatModel,
  thrown,
} from '../../../fixtures/loan-risk.fixture';
import { isBudgetExceededError, isLlmError } from '../errors/llm-error';
import { faultSequence } from '../faults/fault-plan';
import { FaultInjectingChatModel } from '../faults/fault-injecting-chat-model';
import { ChatModelGateway } from '../gateway/chat-model-gateway';
import { renderPrompt } from '../prompts/render-prompt';
import { countMessageTokens } from '../tokens/token-counter';
import { InMemoryCostLedger } from './cost-ledger';
import { defaultPriceTable } from './default-prices';
import { costNanoUsd, priceFor } from './price-table';
import { RUN_COST_CAP } from './run-budget';

// The deterministic model's nominal price, read off the table by hand: $0.15 / $0.60 per million.
const IN = 150;
const OUT = 600;

function invocationFor(runId: string, stepId: string, tenantId: string, monthlyDebts: number) {
  const variables = applicationVariables({ monthlyDebts });
  return { ...riskInvocation(variables), runId, stepId, tenantId, permit: permitFor(variables, { runId, stepId }) };
}

describe('cost from token usage and the price table', () => {
  it('prices real models from dated list prices, exact names before the longest family prefix', () => {
    expect(defaultPriceTable.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const per = (provider: string, model: string) => {
      const price = priceFor(defaultPriceTable, provider, model);
      return [price.inputNanoUsdPerToken, price.outputNanoUsdPerToken];
    };
    expect(per('openai', 'gpt-4o')).toEqual([2_500, 10_000]);
    expect(per('openai', 'gpt-4o-2024-08-06')).toEqual([2_500, 10_000]);
    expect(per('openai', 'gpt-4o-mini-2024-07-18')).toEqual([150, 600]);
    expect(per('anthropic', 'claude-3-5-sonnet-20241022')).toEqual([3_000, 15_000]);
    expect(per('anthropic', 'claude-3-5-haiku-20241022')).toEqual([800, 4_000]);
    expect(per('ollama', 'llama3.1')).toEqual([0, 0]);
    expect(per('deterministic', 'deterministic-v1')).toEqual([IN, OUT]);
    // No price means no honest cost: refused rather than read as zero.
    expect(
      isLlmError(
        thrown(() => priceFor(defaultPriceTable, 'openai', 'gpt-5-turbo')),
        'CONFIGURATION_INVALID',
      ),
    ).toBe(true);
    expect(
      isLlmError(
        thrown(
          () =>
            new ChatModelGateway({ models: [entry(deterministicModel(), { provider: 'mistral', model: 'large' })] }),
        ),
        'CONFIGURATION_INVALID',
      ),
    ).toBe(true);
  });

  it('adds costs up exactly per call, per run and per tenant, repairs included', async () => {
    const ledger = new InMemoryCostLedger();
    // The second call of the model is malformed, so one invocation pays for a repair.
    const model = new FaultInjectingChatModel({
      inner: deterministicModel(),
      plan: faultSequence([null, { kind: 'malformed_json' }]),
    });
    const gateway = new ChatModelGateway({ models: [entry(model)], ledger, clock: fixedClock() });

    const results = [
      await gateway.invoke(invocationFor('run-1', 'step-a', 'tenant-a', 900)),
      await gateway.invoke(invocationFor('run-1', 'step-b', 'tenant-a', 1300)),
      await gateway.invoke(invocationFor('run-2', 'step-a', 'tenant-a', 2500)),
      await gateway.invoke(invocationFor('run-3', 'step-a', 'tenant-b', 4000)),
    ];

    const entries = ledger.all();
    expect(entries).toHaveLength(5);
    for (const entry of entries)
      expect(entry.costNanoUsd).toBe(entry.usage.inputTokens * IN + entry.usage.outputTokens * OUT);
    expect(results[1]?.result.attempts).toBe(2);
    const sum = (filter: (e: (typeof entries)[number]) => boolean) =>
      entries.filter(filter).reduce((total, e) => total + e.costNanoUsd, 0);
    results.forEach((result, index) => {
      const step = index === 1 ? 'step-b' : 'step-a';
      const run = ['run-1', 'run-1', 'run-2', 'run-3'][index];
      expect(result.costNanoUsd).toBe(sum((e) => e.runId === run && e.stepId === step));
      expect(result.result.costUsd).toBe(result.costNanoUsd / 1e9);
      expect(result.result.usage.inputTokens * IN + result.result.usage.outputTokens * OUT).toBe(result.costNanoUsd);
    });
    const run1 = await ledger.totalForRun('run-1');
    expect(run1.costNanoUsd).toBe((results[0]?.costNanoUsd ?? 0) + (results[1]?.costNanoUsd ?? 0));
    expect(run1.calls).toBe(3);
    const tenantA = await ledger.totalForTenant('tenant-a');
    expect(tenantA.costNanoUsd).toBe(sum((e) => e.tenantId === 'tenant-a'));
    expect((await ledger.totalForTenant('tenant-b')).costNanoUsd).toBe(results[3]?.costNanoUsd);
    expect(tenantA.costNanoUsd + (await ledger.totalForTenant('tenant-b')).costNanoUsd).toBe(sum(() => true));
  });
});

describe('budget per run', () => {
  const prompt = renderPrompt(assessRisk, applicationVariables(), riskAssessment.name);
  // What the gateway estimates before each call: the prompt as counted, the longest allowed answer.
  const estimate = costNanoUsd(priceFor(defaultPriceTable, 'deterministic', 'deterministic-v1'), {
    inputTokens: countMessageTokens(prompt.messages),
    outputTokens: 256,
  });

  async function twoCalls(budgetNanoUsd: number) {
    const spy = new SpyChatModel(deterministicModel());
    const gateway = new ChatModelGateway({ models: [entry(spy, { maxOutputTokens: 256 })], clock: fixedClock() });
    const maxCostUsd = budgetNanoUsd / 1e9;
    const first = await gateway.invoke({ ...riskInvocation(), maxCostUsd });
    const second = await settled(gateway.invoke({ ...riskInvocation(), maxCostUsd }));
    return { first, second, spy };
  }

  it('refuses, before making it, the call that could take the run past its budget', async () => {
    const spent = (await twoCalls(10 ** 9)).first.costNanoUsd;

    const { second, spy } = await twoCalls(spent + estimate - 1);

    expect(isBudgetExceededError(second)).toBe(true);
    expect(second).toMatchObject({ runId: 'run-1', spentNanoUsd: spent, estimateNanoUsd: estimate, retryable: false });
    expect(spy.calls).toBe(1);
  });

  it('allows a call that fits exactly', async () => {
    const spent = (await twoCalls(10 ** 9)).first.costNanoUsd;
    const { second, spy } = await twoCalls(spent + estimate);
    expect(second).toMatchObject({ result: { attempts: 1 } });
    expect(spy.calls).toBe(2);
  });

  it('takes a policy cap obligation on llm.run_cost_usd as the budget', async () => {
    const spy = new SpyChatModel(deterministicModel());
    const gateway = new ChatModelGateway({ models: [entry(spy)], clock: fixedClock() });
    const error = await caught(
      gateway.invoke({ ...riskInvocation(), obligations: [{ type: 'cap', name: RUN_COST_CAP, limit: 0.000001 }] }),
    );
    expect(isLlmError(error, 'BUDGET_EXCEEDED')).toBe(true);
    expect(spy.calls).toBe(0);
  });
});
