import type { Obligation } from '@baton/contracts';
import { usdToNanoUsd } from './price-table';

/** The name of a policy `cap` obligation that limits a run's model spend, in USD. */
export const RUN_COST_CAP = 'llm.run_cost_usd';

/**
 * A run's budget in nano-USD: the tighter of an explicit `maxCostUsd` and a policy obligation
 * `{ type: 'cap', name: 'llm.run_cost_usd', limit }`; null when neither is set.
 *
 * @example runBudgetNanoUsd(0.05, [{ type: 'cap', name: RUN_COST_CAP, limit: 0.01 }]) // 10_000_000
 */
export function runBudgetNanoUsd(maxCostUsd: number | undefined, obligations: readonly Obligation[]): number | null {
  const limits = obligations.flatMap((obligation) =>
    obligation.type === 'cap' && obligation.name === RUN_COST_CAP ? [obligation.limit] : [],
  );
  if (maxCostUsd !== undefined) limits.push(maxCostUsd);
  return limits.length === 0 ? null : usdToNanoUsd(Math.min(...limits));
}
