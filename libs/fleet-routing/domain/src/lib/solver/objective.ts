/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import type { CompiledProblem } from './compiled-problem';
import type { Solution } from './solution';

/**
 * Weights that make one scalar cost hierarchical: an unserved order (times its priority) costs
 * more than any number of vehicles, and one vehicle more than any distance a plan can drive.
 */
export interface ObjectiveWeights {
  readonly vehicle: number;
  readonly unassigned: number;
}

export function objectiveWeights(problem: CompiledProblem): ObjectiveWeights {
  let longest = 0;
  for (let i = 0; i < problem.cost.length; i++) if (problem.cost[i]! > longest) longest = problem.cost[i]!;
  const vehicle = 2 * (problem.customers + 2 * problem.vehicles + 1) * Math.max(longest, 1);
  return { vehicle, unassigned: vehicle * (problem.vehicles + 1) };
}

/** The scalar cost the search minimises: unserved orders, then vehicles, then distance. */
export function objectiveOf(solution: Solution, weights: ObjectiveWeights): number {
  let penalty = 0;
  for (const c of solution.unassigned) penalty += solution.problem.priority[c]!;
  return penalty * weights.unassigned + solution.usedVehicles() * weights.vehicle + solution.distance();
}
