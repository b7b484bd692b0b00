/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import { endNode, startNode } from './compiled-problem';
import type { SearchContext } from './search-context';
import type { Solution } from './solution';

/** A place for one customer: route `vehicle`, array index `index` (after `index` stops), at `delta` cost. */
export interface Insertion {
  vehicle: number;
  index: number;
  delta: number;
}

/** Options of one insertion scan. */
export interface InsertionScan {
  /** Whether an unused vehicle may be opened (at the cost of one vehicle). */
  readonly allowEmpty: boolean;
  /** Chance of skipping each position (SISR's blinks), 0 for an exhaustive scan. */
  readonly blink: number;
}

/**
 * Improves `best` with the cheapest feasible position of customer `c` in route `v`, if cheaper.
 * Each position is tested in constant time from the route's schedule bounds: the new stop must
 * start by its due date and the next stop must still start by its latest start. Capacity is the
 * caller's test.
 */
export function scanRoute(
  context: SearchContext,
  solution: Solution,
  c: number,
  v: number,
  blink: number,
  best: Insertion,
): void {
  const { problem, random, weights } = context;
  const { travel, cost, ready, due, service, nodes } = problem;
  const { early, late, stride } = solution;
  const route = solution.routes[v]!;
  const length = route.length;
  const readyC = ready[c]!;
  const dueC = due[c]!;
  const serviceC = service[c]!;
  const rowC = c * nodes;
  const base = v * stride;
  const fixed = problem.committed[v]!.length;
  const opening = length === 0 ? weights.vehicle + cost[startNode(problem, v) * nodes + endNode(problem, v)]! : 0;
  let i = fixed === 0 ? startNode(problem, v) : route[fixed - 1]!;
  for (let k = fixed; k <= length; k++) {
    const j = k === length ? endNode(problem, v) : route[k]!;
    const earlyI = early[base + k]!;
    if (earlyI > dueC) break;
    if (blink > 0 && random.next() < blink) {
      i = j;
      continue;
    }
    const arrival = earlyI + service[i]! + travel[i * nodes + c]!;
    const start = arrival > readyC ? arrival : readyC;
    if (start <= dueC && start + serviceC + travel[rowC + j]! <= late[base + k + 1]!) {
      const delta = cost[i * nodes + c]! + cost[rowC + j]! - cost[i * nodes + j]! + opening;
      if (delta < best.delta) {
        best.delta = delta;
        best.vehicle = v;
        best.index = k;
      }
    }
    i = j;
  }
}

/**
 * The cheapest feasible insertion of customer `c` into `solution`, written into `best`; false when
 * none exists. Opening an unused vehicle costs one vehicle's weight, and only one empty vehicle of
 * each class is tried.
 *
 * @example
 * const best = { vehicle: -1, index: -1, delta: Infinity };
 * if (cheapestInsertion(context, solution, 7, { allowEmpty: true, blink: 0 }, best)) insertCustomer(solution, 7, best);
 */
export function cheapestInsertion(
  context: SearchContext,
  solution: Solution,
  c: number,
  scan: InsertionScan,
  best: Insertion,
): boolean {
  const { problem, vehicleClass, classSeen } = context;
  const demand = problem.demand[c]!;
  const stamp = ++context.scan.stamp;
  best.vehicle = -1;
  best.delta = Infinity;
  for (let v = 0; v < problem.vehicles; v++) {
    if (solution.load[v]! + demand > problem.capacity[v]! + 1e-9) continue;
    if (solution.routes[v]!.length === 0) {
      if (!scan.allowEmpty || classSeen[vehicleClass[v]!] === stamp) continue;
      classSeen[vehicleClass[v]!] = stamp;
    }
    scanRoute(context, solution, c, v, scan.blink, best);
  }
  return best.vehicle >= 0;
}

/** Puts customer `c` where `insertion` says and refreshes that route's bounds. */
export function insertCustomer(solution: Solution, c: number, insertion: Insertion): void {
  solution.routes[insertion.vehicle]!.splice(insertion.index, 0, c);
  solution.update(insertion.vehicle);
}
