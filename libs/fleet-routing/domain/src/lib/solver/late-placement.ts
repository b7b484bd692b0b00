/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import { endNode, startNode } from './compiled-problem';
import type { SearchContext } from './search-context';
import type { Solution } from './solution';

/**
 * Last resort for a customer no feasible position takes (the fleet is too small for every window):
 * serves it where it is least late while every other stop stays on time and capacity holds, and
 * moves its due date in the compiled problem to that start so the route's bounds stay consistent.
 * The plan reports the lateness against the caller's window. False when even that is impossible.
 *
 * @example
 * for (const c of solution.unassigned) placeLate(context, solution, c);
 */
export function placeLate(context: SearchContext, solution: Solution, c: number): boolean {
  const { problem } = context;
  const { travel, cost, ready, due, service, demand, capacity, nodes } = problem;
  let bestLate = Infinity;
  let bestCost = Infinity;
  let bestVehicle = -1;
  let bestIndex = -1;
  let bestStart = 0;
  for (let v = 0; v < problem.vehicles; v++) {
    if (solution.load[v]! + demand[c]! > capacity[v]! + 1e-9) continue;
    const route = solution.routes[v]!;
    const base = v * solution.stride;
    for (let k = problem.committed[v]!.length; k <= route.length; k++) {
      const i = k === 0 ? startNode(problem, v) : route[k - 1]!;
      const j = k === route.length ? endNode(problem, v) : route[k]!;
      const start = Math.max(ready[c]!, solution.early[base + k]! + service[i]! + travel[i * nodes + c]!);
      if (start + service[c]! + travel[c * nodes + j]! > solution.late[base + k + 1]!) continue;
      const late = Math.max(0, start - due[c]!);
      const added = cost[i * nodes + c]! + cost[c * nodes + j]! - (route.length === 0 ? 0 : cost[i * nodes + j]!);
      if (late < bestLate - 1e-9 || (late <= bestLate + 1e-9 && added < bestCost)) {
        bestLate = late;
        bestCost = added;
        bestVehicle = v;
        bestIndex = k;
        bestStart = start;
      }
    }
  }
  if (bestVehicle < 0) return false;
  if (bestStart > due[c]!) due[c] = bestStart;
  solution.routes[bestVehicle]!.splice(bestIndex, 0, c);
  solution.update(bestVehicle);
  return true;
}
