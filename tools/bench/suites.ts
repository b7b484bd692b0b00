import type { BenchSuite } from './harness/bench-suite';
import { fleetSolverSuite } from './suites/fleet/fleet-solver.bench';
import { loanSuite } from './suites/loan/loan.bench';
import { orchestrationSuite } from './suites/orchestration/orchestration.bench';
import { policySuite } from './suites/policy.bench';
import { triageSuite } from './suites/triage/triage.bench';

/** Every suite `npm run bench -- <name>` knows, by name. */
export const suites: Readonly<Record<string, BenchSuite>> = {
  'fleet-solver': fleetSolverSuite,
  loan: loanSuite,
  orchestration: orchestrationSuite,
  policy: policySuite,
  triage: triageSuite,
};
