import { objectiveOf } from './objective';
import { recreate, BLINK_RATE } from './recreate';
import type { BudgetMeter } from './search-budget';
import type { SearchContext } from './search-context';
import type { Solution } from './solution';
import { ruinStrings } from './string-removal';

/** Start and final temperatures, in multiples of the start plan's mean arc cost. */
export const ANNEALING = { startTemperature: 1, finalTemperature: 0.01 } as const;

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
  let current = start;
  let currentCost = objectiveOf(current, weights);
  let best = current;
  let bestCost = currentCost;
  for (let spent = meter.spent(); spent < 1; spent = meter.spent()) {
    meter.iterations++;
    const progress = from < 1 ? Math.max(0, (spent - from) / (1 - from)) : 1;
    const temperature = hot * Math.pow(ratio, progress);
    const candidate = current.clone();
    ruinStrings(context, candidate);
    recreate(context, candidate, { allowEmpty: true, blink: BLINK_RATE });
    const cost = objectiveOf(candidate, weights);
    if (cost < currentCost - temperature * Math.log(1 - random.next())) {
      current = candidate;
      currentCost = cost;
      if (cost < bestCost) {
        best = candidate;
        bestCost = cost;
        meter.report('distance', best);
      }
    }
  }
  return best;
}
