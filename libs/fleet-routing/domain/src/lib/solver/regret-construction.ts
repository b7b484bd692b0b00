/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import { insertCustomer, type Insertion, scanRoute } from './insertion';
import type { SearchContext } from './search-context';
import { Solution } from './solution';

/**
 * Regret-2 insertion: repeatedly inserts the customer that would lose most by waiting (the gap
 * between its best and second-best route), so customers with few places left go first. Opening a
 * vehicle costs a vehicle's weight, so a new route opens only for a customer no open route takes.
 * Each customer's best position per route is cached and only the changed route is rescanned.
 *
 * @example
 * const start = regretConstruction(context); // a feasible plan; unplaceable customers unassigned
 */
export function regretConstruction(context: SearchContext): Solution {
  const { problem, vehicleClass } = context;
  const V = problem.vehicles;
  const solution = Solution.empty(problem);
  const pending = solution.unassigned.slice();
  const bestDelta = new Float64Array(problem.customers * V);
  const bestIndex = new Int32Array(problem.customers * V);
  const probe: Insertion = { vehicle: -1, index: -1, delta: Infinity };
  const rescan = (c: number, v: number) => {
    probe.vehicle = -1;
    probe.delta = Infinity;
    if (solution.load[v]! + problem.demand[c]! <= problem.capacity[v]! + 1e-9)
      scanRoute(context, solution, c, v, 0, probe);
    bestDelta[c * V + v] = probe.delta;
    bestIndex[c * V + v] = probe.index;
  };
  for (const c of pending) for (let v = 0; v < V; v++) rescan(c, v);
  const seenClass = new Int32Array(V).fill(-1);
  let stamp = 0;
  while (pending.length > 0) {
    let chosen = -1;
    let chosenRegret = -Infinity;
    let chosenBest = Infinity;
    let chosenVehicle = -1;
    for (let p = 0; p < pending.length; p++) {
      const c = pending[p]!;
      stamp++;
      let first = Infinity;
      let second = Infinity;
      let firstVehicle = -1;
      for (let v = 0; v < V; v++) {
        const delta = bestDelta[c * V + v]!;
        if (delta === Infinity) continue;
        // Identical empty vehicles count once, or every customer would have a zero regret.
        if (solution.routes[v]!.length === 0) {
          if (seenClass[vehicleClass[v]!] === stamp) continue;
          seenClass[vehicleClass[v]!] = stamp;
        }
        if (delta < first) {
          second = first;
          first = delta;
          firstVehicle = v;
        } else if (delta < second) second = delta;
      }
      if (firstVehicle < 0) continue;
      const regret = second - first;
      if (regret > chosenRegret || (regret === chosenRegret && first < chosenBest)) {
        chosen = p;
        chosenRegret = regret;
        chosenBest = first;
        chosenVehicle = firstVehicle;
      }
    }
    if (chosen < 0) break;
    const c = pending[chosen]!;
    pending.splice(chosen, 1);
    insertCustomer(solution, c, { vehicle: chosenVehicle, index: bestIndex[c * V + chosenVehicle]!, delta: 0 });
    for (const other of pending) rescan(other, chosenVehicle);
  }
  solution.unassigned = pending;
  return solution;
}
