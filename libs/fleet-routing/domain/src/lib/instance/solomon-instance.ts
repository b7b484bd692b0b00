/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import { FleetDomainError } from '../fleet-domain-error';
import type { RoutingProblem } from './routing-problem';

/** One line of a Solomon instance's customer table; customer 0 is the depot. */
export interface SolomonCustomer {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly demand: number;
  readonly ready: number;
  readonly due: number;
  readonly service: number;
}

/** A parsed Solomon instance: its name, fleet and customer table (depot first). */
export interface SolomonInstance {
  readonly name: string;
  readonly vehicles: number;
  readonly capacity: number;
  readonly depot: SolomonCustomer;
  readonly customers: readonly SolomonCustomer[];
}

const CUSTOMER_FIELDS = ['CUST NO.', 'XCOORD.', 'YCOORD.', 'DEMAND', 'READY TIME', 'DUE DATE', 'SERVICE TIME'] as const;

const malformed = (line: number, field: string, rule: string) =>
  new FleetDomainError('MALFORMED_INSTANCE', `line ${line}, field ${field}: ${rule}`);

function numberField(raw: string | undefined, line: number, field: string, integer: boolean): number {
  if (raw === undefined) throw malformed(line, field, 'missing');
  const value = Number(raw);
  if (!Number.isFinite(value)) throw malformed(line, field, `"${raw}" is not a number`);
  if (value < 0) throw malformed(line, field, `${raw} is negative`);
  if (integer && !Number.isInteger(value)) throw malformed(line, field, `${raw} is not an integer`);
  return value;
}

function findHeading(lines: readonly string[], heading: string, from: number): number {
  const index = lines.findIndex((text, at) => at >= from && text.trim().toUpperCase() === heading);
  if (index < 0) throw malformed(lines.length, heading, 'section heading not found');
  return index;
}

function nextContentLine(lines: readonly string[], from: number, field: string): number {
  for (let at = from; at < lines.length; at++) if (lines[at]!.trim() !== '') return at;
  throw malformed(lines.length, field, 'missing');
}

/**
 * Parses Solomon's VRPTW text format: the name, a `VEHICLE` section (number and capacity), then a
 * `CUSTOMER` table of id, x, y, demand, ready time, due date and service time, depot first. A
 * malformed file raises `MALFORMED_INSTANCE` naming the 1-based line and the field.
 *
 * @example
 * const instance = parseSolomonInstance(text); // { name: 'C101', vehicles: 25, capacity: 200, ... }
 */
export function parseSolomonInstance(text: string): SolomonInstance {
  const lines = text.split(/\r?\n/);
  const nameLine = nextContentLine(lines, 0, 'NAME');
  const name = lines[nameLine]!.trim();
  const vehicleHeading = findHeading(lines, 'VEHICLE', nameLine + 1);
  const fleetHeader = nextContentLine(lines, vehicleHeading + 1, 'NUMBER');
  const fleetLine = nextContentLine(lines, fleetHeader + 1, 'NUMBER');
  const [vehiclesRaw, capacityRaw] = lines[fleetLine]!.trim().split(/\s+/);
  const vehicles = numberField(vehiclesRaw, fleetLine + 1, 'NUMBER', true);
  const capacity = numberField(capacityRaw, fleetLine + 1, 'CAPACITY', false);
  const customerHeading = findHeading(lines, 'CUSTOMER', fleetLine + 1);
  const tableHeader = nextContentLine(lines, customerHeading + 1, 'CUST NO.');
  const rows: SolomonCustomer[] = [];
  const seen = new Set<number>();
  for (let at = tableHeader + 1; at < lines.length; at++) {
    const cells = lines[at]!.trim()
      .split(/\s+/)
      .filter((cell) => cell !== '');
    if (cells.length === 0) continue;
    if (cells.length > CUSTOMER_FIELDS.length) throw malformed(at + 1, 'SERVICE TIME', 'unexpected text after it');
    const values = CUSTOMER_FIELDS.map((field, index) => numberField(cells[index], at + 1, field, index === 0));
    const [id, x, y, demand, ready, due, service] = values as [number, number, number, number, number, number, number];
    if (seen.has(id)) throw malformed(at + 1, 'CUST NO.', `${id} appears twice`);
    if (due < ready) throw malformed(at + 1, 'DUE DATE', `${due} is before the ready time ${ready}`);
    seen.add(id);
    rows.push({ id, x, y, demand, ready, due, service });
  }
  const [depot, ...customers] = rows;
  if (!depot) throw malformed(lines.length, 'CUST NO.', 'no depot line');
  if (depot.id !== 0) throw malformed(tableHeader + 2, 'CUST NO.', 'the first line must be the depot, 0');
  return { name, vehicles, capacity, depot, customers };
}

/**
 * The routing problem of a Solomon instance under the usual conventions: Euclidean distances in
 * double precision, travel time equal to distance, identical vehicles leaving the depot at its
 * ready time and back by its due date. Orders keep the file's customer numbers as ids.
 *
 * @example
 * const problem = solomonProblem(parseSolomonInstance(text));
 */
export function solomonProblem(instance: SolomonInstance): RoutingProblem {
  const points = [instance.depot, ...instance.customers];
  const travelTime = points.map((a) => points.map((b) => Math.hypot(a.x - b.x, a.y - b.y)));
  return {
    travelTime,
    orders: instance.customers.map((customer, index) => ({
      id: String(customer.id),
      location: index + 1,
      demand: customer.demand,
      ready: customer.ready,
      due: customer.due,
      service: customer.service,
    })),
    vehicles: Array.from({ length: instance.vehicles }, (_unused, index) => ({
      id: `vehicle-${index + 1}`,
      capacity: instance.capacity,
      start: 0,
      end: 0,
      shiftStart: instance.depot.ready,
      shiftEnd: instance.depot.due,
    })),
  };
}
