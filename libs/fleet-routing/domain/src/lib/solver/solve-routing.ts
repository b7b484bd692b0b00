import { FleetDomainError } from '../fleet-domain-error';
import type { RoutingProblem } from '../instance/routing-problem';
import { screenOrders, type UnservableOrder } from '../instance/screen-orders';
import { validateProblem } from '../instance/validate-problem';
import { anneal } from './annealing';
import { compileProblem, type CompiledProblem } from './compiled-problem';
import { minimiseFleet } from './fleet-minimisation';
import { placeLate } from './late-placement';
import { descend } from './local-search';
import { recreate } from './recreate';
import { regretConstruction } from './regret-construction';
import { buildPlan, type RoutingPlan } from './routing-plan';
import { BudgetMeter, type SearchBudget } from './search-budget';
import { createSearchContext, type SearchContext } from './search-context';
import { seedSolution } from './seed-solution';
import type { Solution } from './solution';

/** How the budget is split: the share given to removing vehicles before distance is minimised. */
export const BUDGET_SPLIT = { fleetMinimisation: 0.4 };

/** How to solve: the seed of the random numbers and the budget. */
export interface SolveOptions extends SearchBudget {
  readonly seed: number;
}

/** A validated problem with its unservable orders set aside, compiled for the search. */
export interface PreparedProblem {
  readonly unservable: UnservableOrder[];
  readonly compiled: CompiledProblem;
  readonly context: SearchContext;
}

export function prepareProblem(problem: RoutingProblem, seed: number): PreparedProblem {
  if (!Number.isSafeInteger(seed)) throw new FleetDomainError('INVALID_OPTIONS', 'seed: must be a safe integer');
  validateProblem(problem);
  const unservable = screenOrders(problem);
  const setAside = new Set(unservable.map((entry) => entry.orderId));
  const accepted = problem.orders.flatMap((order, index) => (setAside.has(order.id) ? [] : [index]));
  const compiled = compileProblem(problem, accepted);
  return { unservable, compiled, context: createSearchContext(compiled, seed) };
}

/** Descent, fleet minimisation, annealing, a last descent, then late service for what is left. */
function improve(context: SearchContext, start: Solution, meter: BudgetMeter): Solution {
  descend(context, start);
  const fewer = minimiseFleet(context, start, meter, BUDGET_SPLIT.fleetMinimisation);
  const best = anneal(context, fewer, meter, meter.spent());
  descend(context, best);
  best.unassigned = best.unassigned.filter((c) => !placeLate(context, best, c));
  return best;
}

/**
 * Solves a VRPTW: regret-2 construction, SISR fleet minimisation, then SISR ruin-and-recreate
 * under simulated annealing for distance, with a local-search descent before and after. Pure: the
 * same problem, seed and iteration budget give the same plan; with `timeLimitMs` the plan depends
 * on how fast the machine ran.
 *
 * @example
 * const plan = solveRouting(problem, { seed: 1, timeLimitMs: 5_000, now: () => performance.now() });
 * plan.vehicles; // fewest vehicles first
 * plan.distance; // then the least distance
 */
export function solveRouting(problem: RoutingProblem, options: SolveOptions): RoutingPlan {
  // The meter starts first: compiling the matrices counts against the time limit too.
  const meter = new BudgetMeter(options);
  const { unservable, context } = prepareProblem(problem, options.seed);
  const start = regretConstruction(context);
  meter.report('construction', start);
  const best = improve(context, start, meter);
  return buildPlan(problem, best, unservable, meter.iterations);
}

/**
 * The same search started from given routes (customer nodes per vehicle of `prepared`) instead of
 * a construction: what re-planning runs on the routes a change touched.
 */
export function improveRoutes(
  prepared: PreparedProblem,
  routes: readonly (readonly number[])[],
  options: SolveOptions,
): { solution: Solution; iterations: number } {
  const meter = new BudgetMeter(options);
  const { solution } = seedSolution(prepared.compiled, routes);
  recreate(prepared.context, solution, { allowEmpty: true, blink: 0 });
  meter.report('construction', solution);
  const best = improve(prepared.context, solution, meter);
  return { solution: best, iterations: meter.iterations };
}
