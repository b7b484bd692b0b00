import { FleetDomainError } from '../fleet-domain-error';
import type { RoutingProblem } from '../instance/routing-problem';
import { screenOrders } from '../instance/screen-orders';
import { validateProblem } from '../instance/validate-problem';
import { anneal } from './annealing';
import { compileProblem } from './compiled-problem';
import { descend } from './local-search';
import { minimiseFleet } from './fleet-minimisation';
import { placeLate } from './late-placement';
import { regretConstruction } from './regret-construction';
import { buildPlan, type RoutingPlan } from './routing-plan';
import { BudgetMeter, type SearchBudget } from './search-budget';
import { createSearchContext } from './search-context';

/** How the budget is split: the share given to removing vehicles before distance is minimised. */
export const BUDGET_SPLIT = { fleetMinimisation: 0.4 };

/** How to solve: the seed of the random numbers and the budget. */
export interface SolveOptions extends SearchBudget {
  readonly seed: number;
}

export function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new FleetDomainError('INVALID_OPTIONS', 'seed: must be a safe integer');
}

/**
 * Solves a VRPTW: regret-2 construction, SISR fleet minimisation, then SISR ruin-and-recreate
 * under simulated annealing for distance. Pure: the same problem, seed and iteration budget give
 * the same plan; with `timeLimitMs` the plan depends on how fast the machine ran.
 *
 * @example
 * const plan = solveRouting(problem, { seed: 1, timeLimitMs: 5_000, now: () => performance.now() });
 * plan.vehicles; // fewest vehicles first
 * plan.distance; // then the least distance
 */
export function solveRouting(problem: RoutingProblem, options: SolveOptions): RoutingPlan {
  checkSeed(options.seed);
  validateProblem(problem);
  const meter = new BudgetMeter(options);
  const unservable = screenOrders(problem);
  const setAside = new Set(unservable.map((entry) => entry.orderId));
  const accepted = problem.orders.flatMap((order, index) => (setAside.has(order.id) ? [] : [index]));
  const compiled = compileProblem(problem, accepted);
  const context = createSearchContext(compiled, options.seed);
  const start = regretConstruction(context);
  descend(context, start);
  meter.report('construction', start);
  const fewer = minimiseFleet(context, start, meter, BUDGET_SPLIT.fleetMinimisation);
  const best = anneal(context, fewer, meter, meter.spent());
  descend(context, best);
  best.unassigned = best.unassigned.filter((c) => !placeLate(context, best, c));
  return buildPlan(problem, best, unservable, meter.iterations);
}
