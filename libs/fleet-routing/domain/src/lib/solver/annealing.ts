import { objectiveOf } from './objective';
import { recreate, BLINK_RATE } from './recreate';
import type { BudgetMeter } from './search-budget';
import type { SearchContext } from './search-context';
import type { Solution } from './solution';
import { ruinStrings } from './string-removal';

/** Start and final temperatures, in multiples of the start plan's mean arc cost. */
export const ANNEALING = { startTemperature: 10, finalTemperature: 0.1 } as const;

/**
 * SISR's main loop: ruin and recreate under simulated annealing, the temperature cooling
 * geometrically over the share of the budget left after `from`. Vehicles are part of the cost with
 * a weight no distance can repay, so a plan with more routes is never accepted.
 *
 * @example
 * const best = anneal(context, start, meter, 0.4);
 */
export function anneal(context: SearchContext, start: Solution, meter: BudgetMeter, from: number): Solution {
  const { random, weights } = context;
  const arcs = context.problem.customers + start.usedVehicles();
  const scale = arcs > 0 ? start.distance() / arcs : 1;
  const hot = ANNEALING.startTemperature * scale;
  const ratio = ANNEALING.finalTemperature / ANNEALING.startTemperature;
  let current = start.clone();
  let candidate = start.clone();
  let currentCost = objectiveOf(current, weights);
  const best = start.clone();
  let bestCost = currentCost;
  for (let spent = meter.spent(); spent < 1; spent = meter.spent()) {
    meter.iterations++;
    const progress = from < 1 ? Math.max(0, (spent - from) / (1 - from)) : 1;
    const temperature = hot * Math.pow(ratio, progress);
    candidate.copyFrom(current);
    ruinStrings(context, candidate);
    recreate(context, candidate, { allowEmpty: true, blink: BLINK_RATE });
    const cost = objectiveOf(candidate, weights);
    if (cost < currentCost - temperature * Math.log(1 - random.next())) {
      [current, candidate] = [candidate, current];
      currentCost = cost;
      if (cost < bestCost) {
        best.copyFrom(current);
        bestCost = cost;
        meter.report('distance', best);
      }
    }
  }
  return best;
}
