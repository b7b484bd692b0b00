/* eslint-disable @typescript-eslint/no-non-null-assertion -- matrix reads at locations the problem validated */
import type { RoutingProblem } from '../instance/routing-problem';

/**
 * Whether some plan serves every listed order on time within capacity, found by trying every
 * route of every vehicle (tiny instances only): the ground truth for "late only when nothing else
 * works".
 */
export function feasiblePlanExists(problem: RoutingProblem, orderIds: readonly string[]): boolean {
  const orders = problem.orders.filter((order) => orderIds.includes(order.id));
  const extend = (
    v: number,
    remaining: number,
    here: number,
    clock: number,
    load: number,
    service: number,
  ): boolean => {
    if (remaining === 0) return true;
    const vehicle = problem.vehicles[v];
    if (!vehicle) return false;
    for (let i = 0; i < orders.length; i++) {
      if ((remaining & (1 << i)) === 0) continue;
      const order = orders[i]!;
      if (load + order.demand > vehicle.capacity) continue;
      const start = Math.max(order.ready, clock + service + problem.travelTime[here]![order.location]!);
      if (start > order.due) continue;
      if (start + order.service + problem.travelTime[order.location]![vehicle.end]! > vehicle.shiftEnd) continue;
      if (extend(v, remaining & ~(1 << i), order.location, start, load + order.demand, order.service)) return true;
    }
    // Close this vehicle's route and give the rest to the next vehicle.
    const next = problem.vehicles[v + 1];
    return next !== undefined && extend(v + 1, remaining, next.start, next.shiftStart, 0, 0);
  };
  const first = problem.vehicles[0];
  return first !== undefined && extend(0, (1 << orders.length) - 1, first.start, first.shiftStart, 0, 0);
}
