import fc from 'fast-check';
import { feasiblePlanExists } from '../checker/exhaustive-feasibility';
import { checkPlan } from '../checker/plan-checker';
import { randomProblem } from '../checker/random-instance';
import { isFleetDomainError } from '../fleet-domain-error';
import type { RoutingProblem } from '../instance/routing-problem';
import { solveRouting } from './solve-routing';

const solve = (problem: RoutingProblem, seed = 7) => solveRouting(problem, { seed, iterations: 150 });
const ids = (entries: readonly { orderId: string }[]) => entries.map((entry) => entry.orderId);

// Property runs solve dozens of instances: room for a loaded CI machine.
const PROPERTY_TIMEOUT_MS = 30_000;

describe('solveRouting over random small instances (checked by an independent checker)', () => {
  it(
    'returns a plan that keeps capacity, serves each order at most once and accounts for every order',
    () => {
      fc.assert(
        fc.property(randomProblem({ maxOrders: 14, minVehicles: 1, maxVehicles: 4 }), fc.integer(), (problem, seed) => {
          expect(checkPlan(problem, solve(problem, seed))).toEqual([]);
        }),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'serves each committed order first on its vehicle, from where the vehicle is, flagging it if late',
    () => {
      fc.assert(
        fc.property(
          randomProblem({ maxOrders: 12, minVehicles: 2, maxVehicles: 5, underway: true }),
          fc.integer(),
          (problem, seed) => {
            expect(checkPlan(problem, solve(problem, seed))).toEqual([]);
          },
        ),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'serves every accepted order on time when the fleet has a vehicle per order',
    () => {
      fc.assert(
        fc.property(randomProblem({ maxOrders: 10, minVehicles: 1, maxVehicles: 1, ampleFleet: true }), (problem) => {
          const plan = solve(problem);
          expect(checkPlan(problem, plan)).toEqual([]);
          expect(plan.unassigned).toEqual([]);
          expect(plan.lateStops).toEqual([]);
        }),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'serves an order late or leaves it out only when no plan serves every accepted order on time',
    () => {
      fc.assert(
        fc.property(randomProblem({ maxOrders: 6, minVehicles: 1, maxVehicles: 2 }), (problem) => {
          const plan = solve(problem);
          expect(checkPlan(problem, plan)).toEqual([]);
          const setAside = new Set(ids(plan.unservable));
          const accepted = problem.orders.map((order) => order.id).filter((id) => !setAside.has(id));
          if (plan.lateStops.length > 0 || plan.unassigned.length > 0)
            expect(feasiblePlanExists(problem, accepted)).toBe(false);
        }),
        { numRuns: 80 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'gives the same plan for the same problem, seed and iteration budget',
    () => {
      fc.assert(
        fc.property(randomProblem({ maxOrders: 14, minVehicles: 1, maxVehicles: 4 }), fc.integer(), (problem, seed) => {
          expect(solve(problem, seed)).toEqual(solve(problem, seed));
        }),
        { numRuns: 25 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('solveRouting examples', () => {
  const line = (size: number) =>
    Array.from({ length: size }, (_a, a) => Array.from({ length: size }, (_b, b) => Math.abs(a - b) * 10));

  it('sets aside an order above every capacity and one whose window no vehicle reaches, with the reason', () => {
    const plan = solve({
      travelTime: line(4),
      orders: [
        { id: 'heavy', location: 1, demand: 80, ready: 0, due: 100, service: 0 },
        { id: 'far', location: 3, demand: 1, ready: 0, due: 20, service: 0 },
        { id: 'fine', location: 2, demand: 1, ready: 0, due: 100, service: 5 },
      ],
      vehicles: [{ id: 'van', capacity: 50, start: 0, end: 0, shiftStart: 0, shiftEnd: 200 }],
    });
    expect(plan.unservable.map(({ orderId, reason }) => ({ orderId, reason }))).toEqual([
      { orderId: 'heavy', reason: 'DEMAND_EXCEEDS_CAPACITY' },
      { orderId: 'far', reason: 'WINDOW_UNREACHABLE' },
    ]);
    expect(plan.routes).toEqual([
      {
        vehicleId: 'van',
        stops: [{ orderId: 'fine', arrival: 20, start: 20, departure: 25 }],
        load: 1,
        distance: 40,
        returnAt: 45,
      },
    ]);
  });

  it('flags the order served late, with its minutes, when one vehicle cannot keep both windows', () => {
    const plan = solve({
      travelTime: line(3),
      orders: [
        { id: 'a', location: 1, demand: 1, ready: 25, due: 25, service: 0 },
        { id: 'b', location: 2, demand: 1, ready: 20, due: 20, service: 0 },
      ],
      vehicles: [{ id: 'van', capacity: 10, start: 0, end: 0, shiftStart: 0, shiftEnd: 100 }],
    });
    // Either order alone is reachable, both together are not: the one placed last waits its turn.
    expect(plan.lateStops).toEqual([{ orderId: 'b', minutesLate: 15 }]);
    expect(plan.routes[0]?.stops.map((stop) => stop.orderId)).toEqual(['a', 'b']);
    expect(plan.vehicles).toBe(1);
  });

  it('names the field of an invalid problem and refuses a budget it cannot read', () => {
    const problem: RoutingProblem = { travelTime: [[0]], orders: [], vehicles: [] };
    expect(() =>
      solve({ ...problem, orders: [{ id: 'x', location: 3, demand: 1, ready: 0, due: 1, service: 0 }] }),
    ).toThrow('orders[0].location: must be a matrix index from 0 to 0');
    const thrown = (() => {
      try {
        return solveRouting(problem, { seed: 1, timeLimitMs: 10 });
      } catch (error) {
        return error;
      }
    })();
    expect(isFleetDomainError(thrown, 'INVALID_OPTIONS')).toBe(true);
  });
});
