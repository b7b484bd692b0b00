import fc from 'fast-check';
import type { RoutingProblem } from '../instance/routing-problem';

/** Shape of the random instances: how many orders and vehicles, and how wide the time horizon. */
export interface InstanceShape {
  readonly maxOrders: number;
  readonly minVehicles: number;
  readonly maxVehicles: number;
  /** One vehicle per order, each roomy enough for any order: a feasible plan always exists. */
  readonly ampleFleet?: boolean;
  /** Vehicles out on the road: some start elsewhere, later, partly loaded, committed to an order. */
  readonly underway?: boolean;
}

const point = fc.record({ x: fc.integer({ min: 0, max: 60 }), y: fc.integer({ min: 0, max: 60 }) });

/**
 * Small random VRPTW instances on a grid with one or two depots: Euclidean travel times, windows
 * from wide to tight (some impossible), demands that sometimes exceed every vehicle.
 */
export function randomProblem(shape: InstanceShape): fc.Arbitrary<RoutingProblem> {
  return fc
    .record({
      depots: fc.array(point, { minLength: 1, maxLength: 2 }),
      orders: fc.array(
        fc.record({
          at: point,
          demand: fc.integer({ min: 0, max: 40 }),
          ready: fc.integer({ min: 0, max: 200 }),
          width: fc.integer({ min: 0, max: 150 }),
          service: fc.integer({ min: 0, max: 15 }),
          priority: fc.integer({ min: 1, max: 3 }),
        }),
        { minLength: 1, maxLength: shape.maxOrders },
      ),
      vehicles: fc.array(fc.record({ capacity: fc.integer({ min: 20, max: 100 }), depot: fc.nat() }), {
        minLength: shape.minVehicles,
        maxLength: shape.maxVehicles,
      }),
      horizon: fc.integer({ min: 250, max: 400 }),
    })
    .map(({ depots, orders, vehicles, horizon }) => {
      const points = [...depots, ...orders.map((order) => order.at)];
      const travelTime = points.map((a) => points.map((b) => Math.hypot(a.x - b.x, a.y - b.y)));
      const fleet = shape.ampleFleet ? orders.map((_order, index) => ({ capacity: 40, depot: index })) : vehicles;
      return {
        travelTime,
        orders: orders.map((order, index) => ({
          id: `o${index + 1}`,
          location: depots.length + index,
          demand: order.demand,
          ready: order.ready,
          due: order.ready + order.width,
          service: order.service,
          priority: order.priority,
        })),
        vehicles: fleet.map((vehicle, index) => {
          const depot = vehicle.depot % depots.length;
          const next = orders[index];
          if (!shape.underway || index % 2 === 1 || !next || next.demand > vehicle.capacity - 5)
            return {
              id: `v${index + 1}`,
              capacity: vehicle.capacity,
              start: depot,
              end: depot,
              shiftStart: 0,
              shiftEnd: horizon,
            };
          // Half the fleet is out: at another order's location, some minutes in, bound for order `index`.
          const at = depots.length + ((index + 1) % orders.length);
          return {
            id: `v${index + 1}`,
            capacity: vehicle.capacity,
            start: at,
            end: depot,
            shiftStart: 20 + index * 7,
            shiftEnd: horizon,
            usedCapacity: 5,
            committed: [`o${index + 1}`],
          };
        }),
      };
    });
}
