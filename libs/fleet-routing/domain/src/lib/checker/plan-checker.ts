/* eslint-disable @typescript-eslint/no-non-null-assertion -- matrix reads at locations the problem validated */
import type { RoutingProblem } from '../instance/routing-problem';
import type { RoutingPlan } from '../solver/routing-plan';

const EPSILON = 1e-6;

/** Checks every route of the plan against the problem; pushes a sentence per broken rule. */
function checkRoutes(problem: RoutingProblem, plan: RoutingPlan, served: Map<string, string>, faults: string[]): void {
  const orders = new Map(problem.orders.map((order) => [order.id, order]));
  const flagged = new Map(plan.lateStops.map((late) => [late.orderId, late.minutesLate]));
  const vehiclesUsed = new Set<string>();
  let total = 0;
  for (const route of plan.routes) {
    const vehicle = problem.vehicles.find((candidate) => candidate.id === route.vehicleId);
    if (!vehicle) {
      faults.push(`route of unknown vehicle ${route.vehicleId}`);
      continue;
    }
    if (vehiclesUsed.has(vehicle.id)) faults.push(`vehicle ${vehicle.id} has two routes`);
    vehiclesUsed.add(vehicle.id);
    if (route.stops.length === 0) faults.push(`vehicle ${vehicle.id} has an empty route in the plan`);
    const committed = vehicle.committed ?? [];
    committed.forEach((id, index) => {
      if (route.stops[index]?.orderId !== id)
        faults.push(`vehicle ${vehicle.id} does not serve committed ${id} at ${index}`);
    });
    const costs = problem.distance ?? problem.travelTime;
    let here = vehicle.start;
    let clock = vehicle.shiftStart;
    let load = vehicle.usedCapacity ?? 0;
    let distance = 0;
    let lastService = 0;
    for (const stop of route.stops) {
      const order = orders.get(stop.orderId);
      if (!order) {
        faults.push(`unknown order ${stop.orderId} on ${vehicle.id}`);
        continue;
      }
      if (served.has(order.id)) faults.push(`order ${order.id} served twice`);
      served.set(order.id, vehicle.id);
      const arrival = clock + lastService + problem.travelTime[here]![order.location]!;
      const start = Math.max(arrival, order.ready);
      if (Math.abs(start - stop.start) > EPSILON)
        faults.push(`order ${order.id}: start ${stop.start}, expected ${start}`);
      const late = start - order.due;
      if (late > EPSILON && Math.abs((flagged.get(order.id) ?? -1) - late) > EPSILON)
        faults.push(`order ${order.id} is ${late} late but flagged ${flagged.get(order.id) ?? 'not at all'}`);
      if (late <= EPSILON && flagged.has(order.id)) faults.push(`order ${order.id} is on time but flagged late`);
      load += order.demand;
      distance += costs[here]![order.location]!;
      clock = start;
      lastService = order.service;
      here = order.location;
    }
    distance += costs[here]![vehicle.end]!;
    const back = clock + lastService + problem.travelTime[here]![vehicle.end]!;
    if (back > vehicle.shiftEnd + EPSILON && committed.length === 0)
      faults.push(`vehicle ${vehicle.id} returns at ${back} after its shift end ${vehicle.shiftEnd}`);
    if (load > vehicle.capacity + EPSILON)
      faults.push(`vehicle ${vehicle.id} carries ${load} over ${vehicle.capacity}`);
    if (Math.abs(distance - route.distance) > EPSILON)
      faults.push(`vehicle ${vehicle.id}: distance ${route.distance}, expected ${distance}`);
    total += distance;
  }
  if (Math.abs(total - plan.distance) > EPSILON * Math.max(1, total))
    faults.push(`distance ${plan.distance}, expected ${total}`);
  if (plan.vehicles !== plan.routes.length) faults.push(`vehicles ${plan.vehicles} but ${plan.routes.length} routes`);
}

/** True when some vehicle alone serves `order` in its window and returns by its shift end. */
export function servableAlone(problem: RoutingProblem, orderId: string): boolean {
  const order = problem.orders.find((candidate) => candidate.id === orderId)!;
  return problem.vehicles.some((vehicle) => {
    if (vehicle.capacity - (vehicle.usedCapacity ?? 0) < order.demand) return false;
    const start = Math.max(order.ready, vehicle.shiftStart + problem.travelTime[vehicle.start]![order.location]!);
    return (
      start <= order.due &&
      start + order.service + problem.travelTime[order.location]![vehicle.end]! <= vehicle.shiftEnd
    );
  });
}

/**
 * An independent check of a plan, written from the problem statement and not from the solver's
 * bookkeeping: recomputes every schedule, load and distance from the matrices and returns one
 * sentence per broken rule (an empty list for a valid plan). Every order must be served once,
 * set aside as unservable for a true reason, or left unassigned; lateness must be flagged exactly.
 */
export function checkPlan(problem: RoutingProblem, plan: RoutingPlan): string[] {
  const faults: string[] = [];
  const served = new Map<string, string>();
  checkRoutes(problem, plan, served, faults);
  const accounted = new Set(served.keys());
  for (const entry of [...plan.unservable, ...plan.unassigned]) {
    if (accounted.has(entry.orderId)) faults.push(`order ${entry.orderId} both planned and set aside`);
    accounted.add(entry.orderId);
  }
  for (const entry of plan.unservable)
    if (servableAlone(problem, entry.orderId))
      faults.push(`order ${entry.orderId} is servable but set aside (${entry.reason})`);
  for (const order of problem.orders)
    if (!accounted.has(order.id)) faults.push(`order ${order.id} is missing from the plan`);
  for (const late of plan.lateStops)
    if (!served.has(late.orderId)) faults.push(`late order ${late.orderId} is not served`);
  return faults;
}
