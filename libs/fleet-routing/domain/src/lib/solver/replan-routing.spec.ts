import fc from 'fast-check';
import { checkPlan } from '../checker/plan-checker';
import { randomProblem } from '../checker/random-instance';
import { isFleetDomainError } from '../fleet-domain-error';
import type { RoutingProblem } from '../instance/routing-problem';
import { replanRouting } from './replan-routing';
import type { RoutingPlan } from './routing-plan';
import { solveRouting } from './solve-routing';

const options = { seed: 3, iterations: 150 };
const currentRoutes = (plan: RoutingPlan) =>
  plan.routes.map((route) => ({ vehicleId: route.vehicleId, orderIds: route.stops.map((stop) => stop.orderId) }));

// Property runs solve dozens of instances: room for a loaded CI machine.
const PROPERTY_TIMEOUT_MS = 30_000;

describe('replanRouting', () => {
  it(
    'adds and cancels orders with vehicles on the road, keeps committed stops first and untouched routes as they were, and passes the independent checker',
    () => {
      fc.assert(
        fc.property(
          randomProblem({ maxOrders: 12, minVehicles: 2, maxVehicles: 4, underway: true }),
          fc.array(fc.nat(), { maxLength: 3 }),
          fc.array(
            fc.record({
              location: fc.nat(),
              demand: fc.integer({ min: 0, max: 30 }),
              ready: fc.integer({ min: 0, max: 150 }),
            }),
            { maxLength: 3 },
          ),
          (problem, cancelPicks, additions) => {
            const before = solveRouting(problem, options);
            const committed = new Set(problem.vehicles.flatMap((vehicle) => vehicle.committed ?? []));
            const served = before.routes
              .flatMap((route) => route.stops.map((stop) => stop.orderId))
              .filter((id) => !committed.has(id));
            const cancelled = [...new Set(cancelPicks.map((pick) => served[pick % Math.max(1, served.length)]))].filter(
              (id): id is string => id !== undefined,
            );
            const added = additions.map((addition, index) => ({
              id: `new-${index}`,
              location: addition.location % problem.travelTime.length,
              demand: addition.demand,
              ready: addition.ready,
              due: addition.ready + 120,
              service: 5,
            }));
            const after = replanRouting({ problem, routes: currentRoutes(before), added, cancelled }, options);
            const changed: RoutingProblem = {
              ...problem,
              orders: [...problem.orders.filter((order) => !cancelled.includes(order.id)), ...added],
            };
            expect(checkPlan(changed, after)).toEqual([]);
            const untouched = (plan: RoutingPlan) =>
              currentRoutes(plan).filter((route) => !after.touchedVehicles.includes(route.vehicleId));
            expect(untouched(after)).toEqual(untouched(before));
          },
        ),
        { numRuns: 40 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it("re-plans from each vehicle's position, time and load, never moving its committed next stop", () => {
    const line = Array.from({ length: 6 }, (_a, a) => Array.from({ length: 6 }, (_b, b) => Math.abs(a - b) * 10));
    const order = (id: string, location: number, ready = 0, due = 500) => ({
      id,
      location,
      demand: 10,
      ready,
      due,
      service: 5,
    });
    const problem: RoutingProblem = {
      travelTime: line,
      orders: [order('next', 5), order('near', 2), order('far', 4)],
      vehicles: [
        // Out at location 3 since minute 60, carrying 15 units for stops outside this plan, bound for 'next'.
        {
          id: 'van-1',
          capacity: 50,
          start: 3,
          end: 0,
          shiftStart: 60,
          shiftEnd: 400,
          usedCapacity: 15,
          committed: ['next'],
        },
        { id: 'van-2', capacity: 50, start: 0, end: 0, shiftStart: 0, shiftEnd: 400 },
      ],
    };
    const result = replanRouting(
      {
        problem,
        routes: [{ vehicleId: 'van-1', orderIds: ['next', 'far', 'near'] }],
        added: [order('urgent', 1, 0, 30)],
        cancelled: ['far'],
      },
      options,
    );
    const changed = {
      ...problem,
      orders: [...problem.orders.filter((o) => o.id !== 'far'), order('urgent', 1, 0, 30)],
    };
    expect(checkPlan(changed, result)).toEqual([]);
    const van1 = result.routes.find((route) => route.vehicleId === 'van-1');
    expect(van1?.stops[0]).toEqual({ orderId: 'next', arrival: 80, start: 80, departure: 85 });
    expect(result.routes.flatMap((route) => route.stops.map((stop) => stop.orderId)).sort()).toEqual([
      'near',
      'next',
      'urgent',
    ]);
    expect(result.touchedVehicles).toContain('van-1');
  });

  it('refuses to cancel an unknown order or a committed one, naming the field', () => {
    const problem: RoutingProblem = {
      travelTime: [
        [0, 1],
        [1, 0],
      ],
      orders: [{ id: 'a', location: 1, demand: 1, ready: 0, due: 10, service: 0 }],
      vehicles: [{ id: 'v', capacity: 5, start: 0, end: 0, shiftStart: 0, shiftEnd: 20, committed: ['a'] }],
    };
    const attempt = (cancelled: string[]) => () => replanRouting({ problem, routes: [], cancelled }, options);
    expect(attempt(['zz'])).toThrow('cancelled[0]: "zz" is not an open order');
    expect(attempt(['a'])).toThrow('cancelled[0]: "a" is committed to v; release it first');
    try {
      attempt(['a'])();
    } catch (error) {
      expect(isFleetDomainError(error, 'INVALID_PROBLEM')).toBe(true);
    }
  });
});
