import type { CompiledProblem } from './compiled-problem';
import { Solution } from './solution';

/**
 * A solution from given routes (customer nodes per vehicle, committed stops first or left out):
 * each stop is kept only if the route stays feasible with it (the vehicle may be late or fuller
 * than the plan thought), otherwise it joins the unassigned list and its vehicle is reported.
 *
 * @example
 * const { solution, repaired } = seedSolution(compiled, [[3, 1], [], [2]]);
 */
export function seedSolution(
  problem: CompiledProblem,
  routes: readonly (readonly number[])[],
): { solution: Solution; repaired: Set<number> } {
  const solution = Solution.empty(problem);
  const repaired = new Set<number>();
  routes.forEach((stops, v) => {
    const route = solution.routes[v];
    if (!route) return;
    for (const c of stops) {
      if (solution.routeOf[c] !== -1) continue;
      route.push(c);
      solution.update(v);
      if (!solution.routeFeasible(v)) {
        route.pop();
        solution.routeOf[c] = -1;
        solution.positionOf[c] = -1;
        solution.update(v);
        repaired.add(v);
      }
    }
  });
  solution.unassigned = [];
  for (let c = 0; c < problem.customers; c++) if (solution.routeOf[c] === -1) solution.unassigned.push(c);
  return { solution, repaired };
}
