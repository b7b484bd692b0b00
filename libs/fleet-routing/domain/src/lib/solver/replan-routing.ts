/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices map between the full problem and the touched sub-problem, in range by construction */
import { FleetDomainError } from '../fleet-domain-error';
import type { RoutingOrder, RoutingProblem } from '../instance/routing-problem';
import { cheapestInsertion, insertCustomer, type Insertion } from './insertion';
import { placeLate } from './late-placement';
import { buildPlan, type RoutingPlan } from './routing-plan';
import { seedSolution } from './seed-solution';
import { improveRoutes, prepareProblem, type SolveOptions } from './solve-routing';

/** A vehicle's remaining stops in the plan being changed (committed stops first or left out). */
export interface CurrentRoute {
  readonly vehicleId: string;
  readonly orderIds: readonly string[];
}

/**
 * A change to a plan in progress. `problem` is the fleet now: each vehicle's position, time and
 * free capacity as its start, shift start and used capacity, its committed next stop (and any
 * started one) in `committed`, and every open order. `routes` is the plan being followed.
 */
export interface ReplanRequest {
  readonly problem: RoutingProblem;
  readonly routes: readonly CurrentRoute[];
  readonly added?: readonly RoutingOrder[];
  readonly cancelled?: readonly string[];
}

/** The new plan, and the vehicles whose routes the change touched (every other route is as it was). */
export interface ReplanResult extends RoutingPlan {
  readonly touchedVehicles: readonly string[];
}

const invalid = (field: string, rule: string) => new FleetDomainError('INVALID_PROBLEM', `${field}: ${rule}`);

function changedProblem(request: ReplanRequest): RoutingProblem {
  const { problem, added = [], cancelled = [] } = request;
  const committed = new Map(
    problem.vehicles.flatMap((vehicle) => (vehicle.committed ?? []).map((id) => [id, vehicle.id])),
  );
  const known = new Set(problem.orders.map((order) => order.id));
  cancelled.forEach((id, index) => {
    if (!known.has(id)) throw invalid(`cancelled[${index}]`, `"${id}" is not an open order`);
    if (committed.has(id))
      throw invalid(`cancelled[${index}]`, `"${id}" is committed to ${committed.get(id)}; release it first`);
  });
  const gone = new Set(cancelled);
  return { ...problem, orders: [...problem.orders.filter((order) => !gone.has(order.id)), ...added] };
}

/**
 * Re-plans after orders are added or cancelled, from where each vehicle is. Cancelled orders leave
 * their routes; routes the vehicles can no longer keep give up the stops that break them; new and
 * displaced orders go to their cheapest feasible places. Then only the touched routes are searched
 * again (the same SISR search over those vehicles and their orders); every other route stays as
 * it was, and committed stops never move.
 *
 * @example
 * const next = replanRouting(
 *   { problem: fleetNow, routes: [{ vehicleId: 'van-1', orderIds: ['a', 'b'] }], added: [lateOrder], cancelled: ['b'] },
 *   { seed: 1, iterations: 2_000 },
 * );
 * next.touchedVehicles; // ['van-1']
 */
export function replanRouting(request: ReplanRequest, options: SolveOptions): ReplanResult {
  const problem = changedProblem(request);
  const prepared = prepareProblem(problem, options.seed);
  const { compiled, context } = prepared;
  const customerOf = new Map<string, number>();
  compiled.orderIndex.forEach((orderIndex, c) => customerOf.set(problem.orders[orderIndex]!.id, c));
  const vehicleOf = new Map(problem.vehicles.map((vehicle, v) => [vehicle.id, v]));
  const gone = new Set(request.cancelled ?? []);
  const routes: number[][] = problem.vehicles.map(() => []);
  const touched = new Set<number>();
  request.routes.forEach((route, index) => {
    const v = vehicleOf.get(route.vehicleId);
    if (v === undefined) throw invalid(`routes[${index}].vehicleId`, `"${route.vehicleId}" is not a vehicle`);
    for (const id of route.orderIds) {
      const c = customerOf.get(id);
      if (c !== undefined) routes[v]!.push(c);
      else if (gone.has(id)) touched.add(v);
    }
  });
  const { solution, repaired } = seedSolution(compiled, routes);
  repaired.forEach((v) => touched.add(v));
  const place: Insertion = { vehicle: -1, index: -1, delta: Infinity };
  const waiting: number[] = [];
  for (const c of solution.unassigned) {
    if (cheapestInsertion(context, solution, c, { allowEmpty: true, blink: 0 }, place)) {
      insertCustomer(solution, c, place);
      touched.add(place.vehicle);
    } else waiting.push(c);
  }
  solution.unassigned = waiting;
  let iterations = 0;
  if (touched.size > 0) {
    const vehicles = [...touched].sort((a, b) => a - b);
    const orders = vehicles.flatMap((v) => solution.routes[v]!).concat(waiting);
    const subProblem: RoutingProblem = {
      ...problem,
      orders: orders.map((c) => problem.orders[compiled.orderIndex[c]!]!),
      vehicles: vehicles.map((v) => problem.vehicles[v]!),
    };
    const sub = prepareProblem(subProblem, options.seed);
    // Sub-problem customer k is orders[k]; every one passed the full screening, so none is set aside
    // except an order no touched vehicle can reach, which stays waiting.
    const toSub = new Map<number, number>();
    sub.compiled.orderIndex.forEach((orderIndex, k) => toSub.set(orders[orderIndex]!, k));
    const subRoutes = vehicles.map((v) => solution.routes[v]!.map((c) => toSub.get(c)!));
    const result = improveRoutes(sub, subRoutes, options);
    iterations = result.iterations;
    const fromSub = (k: number) => orders[sub.compiled.orderIndex[k]!]!;
    vehicles.forEach((v, index) => {
      solution.routes[v] = result.solution.routes[index]!.map(fromSub);
      solution.update(v);
    });
    const served = new Set(vehicles.flatMap((v) => solution.routes[v]!));
    solution.unassigned = waiting
      .filter((c) => !served.has(c))
      .concat(orders.filter((c) => !served.has(c) && !waiting.includes(c)));
  }
  solution.unassigned = solution.unassigned.filter((c) => {
    if (!placeLate(context, solution, c)) return true;
    touched.add(solution.routeOf[c]!);
    return false;
  });
  const plan = buildPlan(problem, solution, prepared.unservable, iterations);
  return { ...plan, touchedVehicles: [...touched].sort((a, b) => a - b).map((v) => problem.vehicles[v]!.id) };
}
