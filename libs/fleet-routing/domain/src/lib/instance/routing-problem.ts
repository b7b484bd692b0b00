/**
 * One order to serve: a delivery of `demand` units at matrix `location`, whose service must start
 * within `[ready, due]` and lasts `service`. Times are in the matrix's unit (minutes for a fleet).
 */
export interface RoutingOrder {
  readonly id: string;
  readonly location: number;
  readonly demand: number;
  readonly ready: number;
  readonly due: number;
  readonly service: number;
  /** Weight of leaving the order unserved or late against other orders (default 1, higher is more urgent). */
  readonly priority?: number;
}

/**
 * One vehicle and where it stands: it leaves `start` (a depot, or its current position when
 * re-planning) no earlier than `shiftStart` and must be back at `end` by `shiftEnd`.
 */
export interface RoutingVehicle {
  readonly id: string;
  readonly capacity: number;
  readonly start: number;
  readonly end: number;
  readonly shiftStart: number;
  readonly shiftEnd: number;
  /** Capacity already taken by goods outside this problem (default 0). */
  readonly usedCapacity?: number;
  /** Order ids the vehicle is committed to serve next, in this order; the solver never moves them. */
  readonly committed?: readonly string[];
}

/**
 * A vehicle routing problem with capacities and time windows over one travel-time matrix:
 * `travelTime[a][b]` between matrix locations, which is also the cost unless `distance` is given.
 */
export interface RoutingProblem {
  readonly travelTime: readonly (readonly number[])[];
  readonly distance?: readonly (readonly number[])[];
  readonly orders: readonly RoutingOrder[];
  readonly vehicles: readonly RoutingVehicle[];
}
