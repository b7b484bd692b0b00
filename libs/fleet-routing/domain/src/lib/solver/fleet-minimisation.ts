/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import { recreate, BLINK_RATE } from './recreate';
import type { BudgetMeter } from './search-budget';
import type { SearchContext } from './search-context';
import type { Solution } from './solution';
import { ruinStrings } from './string-removal';

const absentWeight = (solution: Solution, absences: Int32Array): number => {
  let total = 0;
  for (const c of solution.unassigned) total += absences[c]!;
  return total;
};

/** The fewest routes any plan needs for the load alone: a floor that ends the phase early. */
function capacityFloor(context: SearchContext): number {
  const { demand, capacity, customers } = context.problem;
  let total = 0;
  for (let c = 0; c < customers; c++) total += demand[c]!;
  const largest = Math.max(...capacity);
  return largest > 0 ? Math.ceil(total / largest - 1e-9) : 0;
}

/** Empties the movable part of the smallest route into the unassigned list. */
function dropSmallestRoute(solution: Solution): boolean {
  let chosen = -1;
  for (let v = 0; v < solution.routes.length; v++) {
    const length = solution.routes[v]!.length;
    if (length === 0 || solution.fixedCount(v) > 0) continue;
    if (chosen < 0 || length < solution.routes[chosen]!.length) chosen = v;
  }
  if (chosen < 0) return false;
  for (const c of solution.routes[chosen]!) {
    solution.routeOf[c] = -1;
    solution.positionOf[c] = -1;
    solution.unassigned.push(c);
  }
  solution.routes[chosen]!.length = 0;
  solution.update(chosen);
  return true;
}

/**
 * SISR's fleet minimisation: drop a route and ruin-and-recreate without opening vehicles, keeping
 * a candidate that leaves fewer customers out or customers that were out less often (their
 * absence counters), until every customer is back; then drop the next route. Returns the best
 * plan that served everyone, so the result never has more routes than `start`.
 *
 * @example
 * const fewer = minimiseFleet(context, start, meter, 0.4); // stops at 40% of the budget
 */
export function minimiseFleet(context: SearchContext, start: Solution, meter: BudgetMeter, until: number): Solution {
  if (start.unassigned.length > 0) return start;
  const floor = capacityFloor(context);
  const absences = new Int32Array(context.problem.customers);
  const best = start.clone();
  let current = start.clone();
  let candidate = start.clone();
  if (best.usedVehicles() <= floor || !dropSmallestRoute(current)) return best;
  while (meter.spent() < until) {
    meter.iterations++;
    candidate.copyFrom(current);
    ruinStrings(context, candidate);
    recreate(context, candidate, { allowEmpty: false, blink: BLINK_RATE });
    if (
      candidate.unassigned.length < current.unassigned.length ||
      absentWeight(candidate, absences) < absentWeight(current, absences)
    )
      [current, candidate] = [candidate, current];
    for (const c of current.unassigned) absences[c]!++;
    if (current.unassigned.length === 0) {
      best.copyFrom(current);
      meter.report('fleet-minimisation', best);
      if (best.usedVehicles() <= floor || !dropSmallestRoute(current)) break;
    }
  }
  return best;
}
