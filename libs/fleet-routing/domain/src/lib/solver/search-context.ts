/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import { type CompiledProblem, endNode, startNode } from './compiled-problem';
import { objectiveWeights, type ObjectiveWeights } from './objective';
import { SeededRandom } from './seeded-random';

/** What every search step shares: the problem, the objective's weights and the random source. */
export interface SearchContext {
  readonly problem: CompiledProblem;
  readonly weights: ObjectiveWeights;
  readonly random: SeededRandom;
  /**
   * Vehicles that are interchangeable when empty share a class: trying one empty vehicle of a
   * class is enough, which keeps an insertion from scanning 25 identical empty routes.
   */
  readonly vehicleClass: Int32Array;
  /** Cost from the nearest vehicle start to each customer (the "far" and "close" recreate orders). */
  readonly depotCost: Float64Array;
  /**
   * Vehicles whose end locations are interchangeable (same due date, same costs and times from
   * every customer) share an end class: only they may swap route tails (2-opt*).
   */
  readonly endClass: Int32Array;
  /** Scratch of the insertion scan: the stamp of the last scan that tried each vehicle class. */
  readonly classSeen: Int32Array;
  readonly scan: { stamp: number };
}

function endClasses(problem: CompiledProblem): Int32Array {
  const classes = new Int32Array(problem.vehicles);
  const keys = new Map<string, number>();
  for (let v = 0; v < problem.vehicles; v++) {
    const end = endNode(problem, v);
    const column = (matrix: Float64Array) =>
      Array.from({ length: problem.customers }, (_u, c) => matrix[c * problem.nodes + end]).join(',');
    const key = [problem.due[end], column(problem.cost), column(problem.travel)].join('|');
    if (!keys.has(key)) keys.set(key, keys.size);
    classes[v] = keys.get(key)!;
  }
  return classes;
}

function vehicleClasses(problem: CompiledProblem): Int32Array {
  const classes = new Int32Array(problem.vehicles);
  const keys = new Map<string, number>();
  for (let v = 0; v < problem.vehicles; v++) {
    const start = startNode(problem, v);
    const end = endNode(problem, v);
    const key =
      problem.committed[v]!.length > 0
        ? `own-${v}`
        : [
            problem.travel[start * problem.nodes + end],
            ...[start, end].map((node) => problem.travel[node * problem.nodes]),
            problem.ready[start],
            problem.due[end],
            problem.capacity[v],
            // Same start and end rows mean the same locations for every customer.
            ...[problem.cost, problem.travel].flatMap((matrix) => [
              Array.from({ length: problem.customers }, (_u, c) => matrix[start * problem.nodes + c]).join(','),
              Array.from({ length: problem.customers }, (_u, c) => matrix[c * problem.nodes + end]).join(','),
            ]),
          ].join('|');
    if (!keys.has(key)) keys.set(key, keys.size);
    classes[v] = keys.get(key)!;
  }
  return classes;
}

export function createSearchContext(problem: CompiledProblem, seed: number): SearchContext {
  const depotCost = new Float64Array(problem.customers).fill(Infinity);
  for (let v = 0; v < problem.vehicles; v++) {
    const start = startNode(problem, v);
    for (let c = 0; c < problem.customers; c++)
      depotCost[c] = Math.min(depotCost[c]!, problem.cost[start * problem.nodes + c]!);
  }
  return {
    problem,
    weights: objectiveWeights(problem),
    random: new SeededRandom(seed),
    vehicleClass: vehicleClasses(problem),
    endClass: endClasses(problem),
    depotCost,
    classSeen: new Int32Array(problem.vehicles),
    scan: { stamp: 0 },
  };
}
