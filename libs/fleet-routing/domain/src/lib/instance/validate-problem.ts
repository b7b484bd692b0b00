import { FleetDomainError } from '../fleet-domain-error';
import type { RoutingProblem } from './routing-problem';

const invalid = (field: string, rule: string) => new FleetDomainError('INVALID_PROBLEM', `${field}: ${rule}`);

function checkNumber(field: string, value: number, min = 0): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'must be a finite number');
  if (value < min) throw invalid(field, `must be at least ${min}`);
}

function checkMatrix(name: string, matrix: RoutingProblem['travelTime']): void {
  if (!Array.isArray(matrix) || matrix.length === 0) throw invalid(name, 'must be a non-empty square matrix');
  matrix.forEach((row, a) => {
    if (!Array.isArray(row) || row.length !== matrix.length)
      throw invalid(`${name}[${a}]`, `must have ${matrix.length} entries`);
    row.forEach((value, b) => checkNumber(`${name}[${a}][${b}]`, value));
  });
}

function checkLocation(field: string, location: number, size: number): void {
  if (!Number.isInteger(location) || location < 0 || location >= size)
    throw invalid(field, `must be a matrix index from 0 to ${size - 1}`);
}

/**
 * Throws a {@link FleetDomainError} `INVALID_PROBLEM` naming the first field that breaks a rule:
 * square non-negative matrices, locations inside them, non-negative demands and durations, windows
 * that open before they close, unique ids, committed orders that exist and belong to one vehicle.
 *
 * @example
 * validateProblem({ travelTime: [[0]], orders: [], vehicles: [] }); // passes
 */
export function validateProblem(problem: RoutingProblem): void {
  checkMatrix('travelTime', problem.travelTime);
  if (problem.distance !== undefined) {
    checkMatrix('distance', problem.distance);
    if (problem.distance.length !== problem.travelTime.length)
      throw invalid('distance', 'must match travelTime in size');
  }
  const size = problem.travelTime.length;
  const orderIds = new Set<string>();
  problem.orders.forEach((order, index) => {
    const field = `orders[${index}]`;
    if (typeof order.id !== 'string' || order.id === '') throw invalid(`${field}.id`, 'must be a non-empty string');
    if (orderIds.has(order.id)) throw invalid(`${field}.id`, `"${order.id}" is not unique`);
    orderIds.add(order.id);
    checkLocation(`${field}.location`, order.location, size);
    for (const key of ['demand', 'ready', 'due', 'service'] as const) checkNumber(`${field}.${key}`, order[key]);
    if (order.due < order.ready) throw invalid(`${field}.due`, 'must not be before ready');
    if (order.priority !== undefined) checkNumber(`${field}.priority`, order.priority, Number.MIN_VALUE);
  });
  const demandOf = new Map(problem.orders.map((order) => [order.id, order.demand]));
  const vehicleIds = new Set<string>();
  const committedTo = new Set<string>();
  problem.vehicles.forEach((vehicle, index) => {
    const field = `vehicles[${index}]`;
    if (typeof vehicle.id !== 'string' || vehicle.id === '') throw invalid(`${field}.id`, 'must be a non-empty string');
    if (vehicleIds.has(vehicle.id)) throw invalid(`${field}.id`, `"${vehicle.id}" is not unique`);
    vehicleIds.add(vehicle.id);
    checkLocation(`${field}.start`, vehicle.start, size);
    checkLocation(`${field}.end`, vehicle.end, size);
    for (const key of ['capacity', 'shiftStart', 'shiftEnd'] as const) checkNumber(`${field}.${key}`, vehicle[key]);
    if (vehicle.shiftEnd < vehicle.shiftStart) throw invalid(`${field}.shiftEnd`, 'must not be before shiftStart');
    checkNumber(`${field}.usedCapacity`, vehicle.usedCapacity ?? 0);
    let committedDemand = 0;
    for (const id of vehicle.committed ?? []) {
      if (!orderIds.has(id)) throw invalid(`${field}.committed`, `"${id}" is not an order`);
      if (committedTo.has(id)) throw invalid(`${field}.committed`, `"${id}" is committed twice`);
      committedTo.add(id);
      committedDemand += demandOf.get(id) ?? 0;
    }
    const free = vehicle.capacity - (vehicle.usedCapacity ?? 0);
    if (committedDemand > free)
      throw invalid(`${field}.committed`, `demand ${committedDemand} exceeds the free capacity ${free}`);
  });
}
