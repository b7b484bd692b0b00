import type { TokenUsage } from '@baton/contracts';
import { nanoUsdToUsd } from './price-table';

/** One model call's cost, as the gateway records it (failed and repaired calls included). */
export interface CostEntry {
  readonly runId: string;
  readonly stepId: string;
  readonly tenantId: string;
  readonly provider: string;
  readonly model: string;
  readonly usage: TokenUsage;
  readonly costNanoUsd: number;
  /** ISO instant of the call, from the gateway's clock. */
  readonly at: string;
}

/** Sums over a run or a tenant. */
export interface CostTotals {
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Exact integer sum. */
  readonly costNanoUsd: number;
  /** `costNanoUsd` in USD, for display. */
  readonly costUsd: number;
}

/**
 * Where call costs go: totals per run (budgets) and per tenant (billing, KPIs). A port: the
 * in-memory ledger serves one process; a durable one belongs with the state store.
 *
 * @example await ledger.record(entry); const { costUsd } = await ledger.totalForRun('run-1');
 */
export interface CostLedger {
  record(entry: CostEntry): Promise<void>;
  totalForRun(runId: string): Promise<CostTotals>;
  totalForTenant(tenantId: string): Promise<CostTotals>;
}

/**
 * A {@link CostLedger} in memory.
 *
 * @example const ledger = new InMemoryCostLedger(); new ChatModelGateway({ models, ledger });
 */
export class InMemoryCostLedger implements CostLedger {
  private readonly entries: CostEntry[] = [];

  async record(entry: CostEntry): Promise<void> {
    this.entries.push(entry);
  }

  async totalForRun(runId: string): Promise<CostTotals> {
    return totals(this.entries.filter((entry) => entry.runId === runId));
  }

  async totalForTenant(tenantId: string): Promise<CostTotals> {
    return totals(this.entries.filter((entry) => entry.tenantId === tenantId));
  }

  /** Every entry so far, oldest first. */
  all(): readonly CostEntry[] {
    return [...this.entries];
  }
}

function totals(entries: readonly CostEntry[]): CostTotals {
  const sum = entries.reduce(
    (acc, entry) => ({
      calls: acc.calls + 1,
      inputTokens: acc.inputTokens + entry.usage.inputTokens,
      outputTokens: acc.outputTokens + entry.usage.outputTokens,
      costNanoUsd: acc.costNanoUsd + entry.costNanoUsd,
    }),
    { calls: 0, inputTokens: 0, outputTokens: 0, costNanoUsd: 0 },
  );
  return { ...sum, costUsd: nanoUsdToUsd(sum.costNanoUsd) };
}
