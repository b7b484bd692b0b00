import { readFileSync } from 'node:fs';
import {
  parseSolomonInstance,
  type RoutingPlan,
  type RoutingProblem,
  solomonProblem,
  type SolomonInstance,
} from '@baton/fleet-routing-domain';

/** A Solomon instance read from disk, with the routing problem it defines. */
export interface SolomonFile {
  readonly instance: SolomonInstance;
  readonly problem: RoutingProblem;
}

/** Reads and parses one instance file; a malformed file raises the domain's `MALFORMED_INSTANCE`. */
export function readSolomonFile(path: string): SolomonFile {
  const instance = parseSolomonInstance(readFileSync(path, 'utf8'));
  return { instance, problem: solomonProblem(instance) };
}

/** The plan as the benchmark literature prints it: customer numbers per route, depot left out. */
export interface PlanSummary {
  readonly routes: number[][];
  readonly vehicles: number;
  readonly distance: number;
}

export function summarisePlan(plan: RoutingPlan): PlanSummary {
  return {
    routes: plan.routes.map((route) => route.stops.map((stop) => Number(stop.orderId))),
    vehicles: plan.vehicles,
    distance: Math.round(plan.distance * 100) / 100,
  };
}
