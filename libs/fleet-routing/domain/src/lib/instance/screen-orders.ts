import type { RoutingOrder, RoutingProblem } from './routing-problem';

/** Why an order cannot be served by any vehicle, whatever the plan. */
export type UnservableReason = 'DEMAND_EXCEEDS_CAPACITY' | 'WINDOW_UNREACHABLE';

/** An order the solver sets aside before planning, with the reason and its explanation. */
export interface UnservableOrder {
  readonly orderId: string;
  readonly reason: UnservableReason;
  readonly detail: string;
}

/** True when `vehicle` alone, leaving at its shift start, can serve `order` in its window and get back in time. */
function reachableAlone(problem: RoutingProblem, order: RoutingOrder, vehicleIndex: number): boolean {
  const vehicle = problem.vehicles[vehicleIndex];
  if (!vehicle) return false;
  const travel = problem.travelTime;
  const arrival = vehicle.shiftStart + (travel[vehicle.start]?.[order.location] ?? Infinity);
  const start = Math.max(order.ready, arrival);
  const back = start + order.service + (travel[order.location]?.[vehicle.end] ?? Infinity);
  return start <= order.due && back <= vehicle.shiftEnd;
}

/**
 * The orders no plan can serve: demand above every vehicle's free capacity, or a window that no
 * vehicle reaches from its start (and returns from by its shift end) even serving that order
 * alone. Committed orders are never set aside: their vehicle serves them, late if it must.
 *
 * @example
 * screenOrders(problem); // [{ orderId: '7', reason: 'DEMAND_EXCEEDS_CAPACITY', detail: 'demand 250 above the largest free capacity 200' }]
 */
export function screenOrders(problem: RoutingProblem): UnservableOrder[] {
  const committed = new Set(problem.vehicles.flatMap((vehicle) => vehicle.committed ?? []));
  const largest = Math.max(0, ...problem.vehicles.map((vehicle) => vehicle.capacity - (vehicle.usedCapacity ?? 0)));
  const unservable: UnservableOrder[] = [];
  for (const order of problem.orders) {
    if (committed.has(order.id)) continue;
    if (order.demand > largest) {
      unservable.push({
        orderId: order.id,
        reason: 'DEMAND_EXCEEDS_CAPACITY',
        detail: `demand ${order.demand} above the largest free capacity ${largest}`,
      });
      continue;
    }
    const fits = problem.vehicles.some(
      (vehicle, index) =>
        vehicle.capacity - (vehicle.usedCapacity ?? 0) >= order.demand && reachableAlone(problem, order, index),
    );
    if (!fits)
      unservable.push({
        orderId: order.id,
        reason: 'WINDOW_UNREACHABLE',
        detail: `no vehicle can start service by ${order.due} and return by its shift end`,
      });
  }
  return unservable;
}
