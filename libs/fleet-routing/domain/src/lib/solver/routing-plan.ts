/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import type { UnservableOrder } from '../instance/screen-orders';
import type { RoutingProblem } from '../instance/routing-problem';
import { endNode, startNode } from './compiled-problem';
import type { Solution } from './solution';

/** One stop of a planned route, with its times. */
export interface PlannedStop {
  readonly orderId: string;
  readonly arrival: number;
  /** Service start: the arrival, or the window's opening if the vehicle waits. */
  readonly start: number;
  readonly departure: number;
}

/** One vehicle's route; vehicles without orders are left out of the plan. */
export interface PlannedRoute {
  readonly vehicleId: string;
  readonly stops: readonly PlannedStop[];
  readonly load: number;
  readonly distance: number;
  /** When the vehicle is back at its end location. */
  readonly returnAt: number;
}

/** An order served after its due date, only when no plan with the given fleet serves it on time. */
export interface LateStop {
  readonly orderId: string;
  readonly minutesLate: number;
}

/** An accepted order left out because no vehicle had room for it. */
export interface UnassignedOrder {
  readonly orderId: string;
  readonly reason: 'NO_VEHICLE_LEFT';
}

/** The solver's answer: the routes, the hierarchical objective's figures and every exception. */
export interface RoutingPlan {
  readonly routes: readonly PlannedRoute[];
  readonly vehicles: number;
  readonly distance: number;
  readonly unservable: readonly UnservableOrder[];
  readonly unassigned: readonly UnassignedOrder[];
  readonly lateStops: readonly LateStop[];
  /** Ruin-and-recreate iterations run: with the seed, what replays the plan. */
  readonly iterations: number;
}

/** Reads the plan off a solution, timing it against the caller's own windows (not the relaxed ones). */
export function buildPlan(
  problem: RoutingProblem,
  solution: Solution,
  unservable: readonly UnservableOrder[],
  iterations: number,
): RoutingPlan {
  const compiled = solution.problem;
  const { travel, cost, service, nodes, orderIndex } = compiled;
  const routes: PlannedRoute[] = [];
  const lateStops: LateStop[] = [];
  let total = 0;
  solution.routes.forEach((route, v) => {
    if (route.length === 0) return;
    const vehicle = problem.vehicles[v]!;
    let previous = startNode(compiled, v);
    let time = vehicle.shiftStart;
    let distance = 0;
    let load = 0;
    const stops: PlannedStop[] = route.map((c) => {
      const order = problem.orders[orderIndex[c]!]!;
      const arrival = time + service[previous]! + travel[previous * nodes + c]!;
      const start = Math.max(arrival, order.ready);
      if (start > order.due + 1e-9) lateStops.push({ orderId: order.id, minutesLate: start - order.due });
      distance += cost[previous * nodes + c]!;
      load += order.demand;
      time = start;
      previous = c;
      return { orderId: order.id, arrival, start, departure: start + order.service };
    });
    const end = endNode(compiled, v);
    distance += cost[previous * nodes + end]!;
    total += distance;
    routes.push({
      vehicleId: vehicle.id,
      stops,
      load,
      distance,
      returnAt: time + service[previous]! + travel[previous * nodes + end]!,
    });
  });
  return {
    routes,
    vehicles: routes.length,
    distance: total,
    unservable,
    unassigned: solution.unassigned.map((c) => ({
      orderId: problem.orders[orderIndex[c]!]!.id,
      reason: 'NO_VEHICLE_LEFT' as const,
    })),
    lateStops,
    iterations,
  };
}
