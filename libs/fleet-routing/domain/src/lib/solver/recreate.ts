/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import { cheapestInsertion, insertCustomer, type Insertion } from './insertion';
import type { SearchContext } from './search-context';
import type { Solution } from './solution';

/** SISR's blink rate: the chance of skipping each insertion position, which diversifies greedy repair. */
export const BLINK_RATE = 0.01;

/** SISR's recreate orders and their weights: random 4, demand 4, far from the depot 2, close 1. */
function sortForRecreate(context: SearchContext, customers: number[]): void {
  const { random, problem, depotCost } = context;
  const draw = random.below(11);
  if (draw < 4) random.shuffle(customers);
  else if (draw < 8) customers.sort((a, b) => problem.demand[b]! - problem.demand[a]! || a - b);
  else if (draw < 10) customers.sort((a, b) => depotCost[b]! - depotCost[a]! || a - b);
  else customers.sort((a, b) => depotCost[a]! - depotCost[b]! || a - b);
}

/**
 * SISR's recreate: every unassigned customer, in one of the random orders, goes to its cheapest
 * feasible position with blinks; one that fits nowhere stays unassigned. With `allowEmpty` false no
 * unused vehicle is opened (fleet minimisation repairs within the routes it has).
 *
 * @example
 * ruinStrings(context, candidate);
 * recreate(context, candidate, { allowEmpty: true, blink: BLINK_RATE });
 */
export function recreate(
  context: SearchContext,
  solution: Solution,
  scan: { readonly allowEmpty: boolean; readonly blink: number },
): void {
  const pending = solution.unassigned;
  if (pending.length === 0) return;
  sortForRecreate(context, pending);
  const spare: Insertion = { vehicle: -1, index: -1, delta: Infinity };
  const left: number[] = [];
  for (const c of pending) {
    if (cheapestInsertion(context, solution, c, scan, spare)) insertCustomer(solution, c, spare);
    else left.push(c);
  }
  solution.unassigned = left;
}
