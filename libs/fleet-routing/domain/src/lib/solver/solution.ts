/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import { type CompiledProblem, endNode, startNode } from './compiled-problem';

/**
 * A plan under search: one route of customer nodes per vehicle, with per-route load and cost and
 * the schedule bounds that make every feasibility test constant-time. For position `k` of route `v`
 * (0 the start, `length + 1` the end) `early` is the earliest service start and `late` the latest
 * start that keeps the rest of the route on time (the forward time slack is their difference).
 * Both live in one flat array of stride `customers + 2`, so a copy is one memcpy.
 */
export class Solution {
  readonly stride: number;

  private constructor(
    readonly problem: CompiledProblem,
    readonly routes: number[][],
    readonly load: Float64Array,
    readonly routeCost: Float64Array,
    readonly early: Float64Array,
    readonly late: Float64Array,
    /** Demand served at positions 1..k of the route, same layout as `early`. */
    readonly loadBefore: Float64Array,
    readonly routeOf: Int32Array,
    readonly positionOf: Int32Array,
    public unassigned: number[],
  ) {
    this.stride = problem.customers + 2;
  }

  /** Every vehicle on its committed stops only; every other customer unassigned. */
  static empty(problem: CompiledProblem): Solution {
    const { customers: n, vehicles: V } = problem;
    const stride = n + 2;
    const solution = new Solution(
      problem,
      problem.committed.map((stops) => [...stops]),
      new Float64Array(V),
      new Float64Array(V),
      new Float64Array(V * stride),
      new Float64Array(V * stride),
      new Float64Array(V * stride),
      new Int32Array(n).fill(-1),
      new Int32Array(n).fill(-1),
      [],
    );
    for (let v = 0; v < V; v++) solution.update(v);
    for (let c = 0; c < n; c++) if (solution.routeOf[c] === -1) solution.unassigned.push(c);
    return solution;
  }

  clone(): Solution {
    return new Solution(
      this.problem,
      this.routes.map((route) => route.slice()),
      this.load.slice(),
      this.routeCost.slice(),
      this.early.slice(),
      this.late.slice(),
      this.loadBefore.slice(),
      this.routeOf.slice(),
      this.positionOf.slice(),
      this.unassigned.slice(),
    );
  }

  /** Makes this solution equal to `other` (of the same problem) without allocating: the search's hot path. */
  copyFrom(other: Solution): void {
    for (let v = 0; v < this.routes.length; v++) {
      const from = other.routes[v]!;
      const to = this.routes[v]!;
      to.length = from.length;
      for (let k = 0; k < from.length; k++) to[k] = from[k]!;
    }
    this.load.set(other.load);
    this.routeCost.set(other.routeCost);
    this.early.set(other.early);
    this.late.set(other.late);
    this.loadBefore.set(other.loadBefore);
    this.routeOf.set(other.routeOf);
    this.positionOf.set(other.positionOf);
    this.unassigned.length = other.unassigned.length;
    for (let i = 0; i < other.unassigned.length; i++) this.unassigned[i] = other.unassigned[i]!;
  }

  /** Number of committed stops at the head of route `v`, which no move may touch. */
  fixedCount(v: number): number {
    return this.problem.committed[v]!.length;
  }

  /** The node at position `k` of route `v` (0 the start, `length + 1` the end). */
  nodeAt(v: number, k: number): number {
    const route = this.routes[v]!;
    if (k === 0) return startNode(this.problem, v);
    if (k === route.length + 1) return endNode(this.problem, v);
    return route[k - 1]!;
  }

  /** Recomputes the load, cost, positions and schedule bounds of route `v` after a change. */
  update(v: number): void {
    const { travel, cost, ready, due, service, demand, nodes } = this.problem;
    const route = this.routes[v]!;
    const base = v * this.stride;
    const length = route.length;
    let previous = startNode(this.problem, v);
    let time = ready[previous]!;
    let load = 0;
    let distance = 0;
    this.early[base] = time;
    this.loadBefore[base] = 0;
    for (let k = 0; k < length; k++) {
      const c = route[k]!;
      this.routeOf[c] = v;
      this.positionOf[c] = k + 1;
      load += demand[c]!;
      this.loadBefore[base + k + 1] = load;
      distance += cost[previous * nodes + c]!;
      const arrival = time + service[previous]! + travel[previous * nodes + c]!;
      time = arrival > ready[c]! ? arrival : ready[c]!;
      this.early[base + k + 1] = time;
      previous = c;
    }
    const end = endNode(this.problem, v);
    distance += cost[previous * nodes + end]!;
    this.loadBefore[base + length + 1] = load;
    this.early[base + length + 1] = time + service[previous]! + travel[previous * nodes + end]!;
    let latest = due[end]!;
    this.late[base + length + 1] = latest;
    let next = end;
    for (let k = length; k >= 0; k--) {
      const node = k === 0 ? startNode(this.problem, v) : route[k - 1]!;
      const bound = latest - service[node]! - travel[node * nodes + next]!;
      latest = bound < due[node]! ? bound : due[node]!;
      this.late[base + k] = latest;
      next = node;
    }
    this.load[v] = load;
    this.routeCost[v] = distance;
  }

  /** True when route `v` keeps every window, its shift end and its capacity. */
  routeFeasible(v: number): boolean {
    const base = v * this.stride;
    const length = this.routes[v]!.length;
    if (this.load[v]! > this.problem.capacity[v]! + 1e-9) return false;
    for (let k = 0; k <= length + 1; k++) if (this.early[base + k]! > this.late[base + k]! + 1e-9) return false;
    return true;
  }

  usedVehicles(): number {
    let used = 0;
    for (const route of this.routes) if (route.length > 0) used++;
    return used;
  }

  distance(): number {
    let total = 0;
    for (let v = 0; v < this.routes.length; v++) if (this.routes[v]!.length > 0) total += this.routeCost[v]!;
    return total;
  }
}
