/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import type { RoutingProblem } from '../instance/routing-problem';

/**
 * The problem as the search reads it: typed arrays over nodes, where a node is an accepted
 * order (`0..n-1`), a vehicle's start (`n + v`) or a vehicle's end (`n + V + v`). Matrices are
 * node by node so the inner loops index one flat array.
 */
export interface CompiledProblem {
  readonly customers: number;
  readonly vehicles: number;
  readonly nodes: number;
  /** The order index in the caller's problem of each customer node. */
  readonly orderIndex: Int32Array;
  readonly travel: Float64Array;
  readonly cost: Float64Array;
  readonly ready: Float64Array;
  /** Due dates; a committed order that cannot be on time has its due moved to its earliest start. */
  readonly due: Float64Array;
  readonly service: Float64Array;
  readonly demand: Float64Array;
  readonly priority: Float64Array;
  /** Free capacity of each vehicle. */
  readonly capacity: Float64Array;
  /** The committed customer nodes of each vehicle, served first and never moved. */
  readonly committed: readonly (readonly number[])[];
  /** For each customer, every customer by increasing cost from it (itself first). */
  readonly neighbours: Int32Array;
}

export const startNode = (problem: CompiledProblem, vehicle: number): number => problem.customers + vehicle;
export const endNode = (problem: CompiledProblem, vehicle: number): number =>
  problem.customers + problem.vehicles + vehicle;

function sortedNeighbours(n: number, cost: Float64Array, nodes: number): Int32Array {
  const neighbours = new Int32Array(n * n);
  const order = Array.from({ length: n }, (_unused, index) => index);
  for (let c = 0; c < n; c++) {
    const row = c * nodes;
    order.sort((a, b) => (a === c ? -1 : b === c ? 1 : cost[row + a]! - cost[row + b]! || a - b));
    neighbours.set(order, c * n);
  }
  return neighbours;
}

/**
 * Compiles a validated problem over the accepted orders (`accepted` holds their indices in
 * `problem.orders`, committed ones included).
 *
 * @example
 * const compiled = compileProblem(problem, [0, 1, 2]);
 */
export function compileProblem(problem: RoutingProblem, accepted: readonly number[]): CompiledProblem {
  const n = accepted.length;
  const V = problem.vehicles.length;
  const N = n + 2 * V;
  const location = new Int32Array(N);
  const ready = new Float64Array(N);
  const due = new Float64Array(N);
  const service = new Float64Array(N);
  const demand = new Float64Array(N);
  const priority = new Float64Array(n);
  const customerOf = new Map<string, number>();
  accepted.forEach((orderIndex, c) => {
    const order = problem.orders[orderIndex]!;
    customerOf.set(order.id, c);
    location[c] = order.location;
    ready[c] = order.ready;
    due[c] = order.due;
    service[c] = order.service;
    demand[c] = order.demand;
    priority[c] = order.priority ?? 1;
  });
  const capacity = new Float64Array(V);
  problem.vehicles.forEach((vehicle, v) => {
    location[n + v] = vehicle.start;
    location[n + V + v] = vehicle.end;
    ready[n + v] = vehicle.shiftStart;
    due[n + v] = vehicle.shiftEnd;
    due[n + V + v] = vehicle.shiftEnd;
    capacity[v] = vehicle.capacity - (vehicle.usedCapacity ?? 0);
  });
  const distance = problem.distance ?? problem.travelTime;
  const travel = new Float64Array(N * N);
  const cost = new Float64Array(N * N);
  for (let a = 0; a < N; a++)
    for (let b = 0; b < N; b++) {
      travel[a * N + b] = problem.travelTime[location[a]!]![location[b]!]!;
      cost[a * N + b] = distance[location[a]!]![location[b]!]!;
    }
  const committed = problem.vehicles.map((vehicle) => (vehicle.committed ?? []).map((id) => customerOf.get(id)!));
  // A committed stop is served whatever its window says: relax what it cannot meet, so the search
  // sees a feasible prefix, and let the plan report the lateness against the caller's windows.
  committed.forEach((stops, v) => {
    let previous = n + v;
    let time = ready[previous]!;
    for (const c of stops) {
      time = Math.max(ready[c]!, time + service[previous]! + travel[previous * N + c]!);
      if (time > due[c]!) due[c] = time;
      previous = c;
    }
    const back = time + service[previous]! + travel[previous * N + n + V + v]!;
    if (back > due[n + V + v]!) due[n + V + v] = back;
  });
  return {
    customers: n,
    vehicles: V,
    nodes: N,
    orderIndex: Int32Array.from(accepted),
    travel,
    cost,
    ready,
    due,
    service,
    demand,
    priority,
    capacity,
    committed,
    neighbours: sortedNeighbours(n, cost, N),
  };
}
