/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import type { SearchContext } from './search-context';
import type { Solution } from './solution';

/** SISR's ruin parameters (Christiaens and Vanden Berghe 2020, their tuned values). */
export const STRING_REMOVAL = {
  /** Average number of customers removed per ruin. */
  averageRemoved: 10,
  /** Longest string cut from one route. */
  maxStringLength: 10,
  /** Chance that a cut keeps a run of customers in the middle (the split-string variant). */
  splitRate: 0.5,
  /** Chance of stopping the kept run from growing at each step. */
  splitDepth: 0.01,
} as const;

function cutString(context: SearchContext, solution: Solution, c: number, maxLength: number, removed: number[]): void {
  const { random } = context;
  const v = solution.routeOf[c]!;
  const route = solution.routes[v]!;
  const fixed = solution.fixedCount(v);
  const movable = route.length - fixed;
  const longest = Math.min(movable, maxLength);
  const length = Math.min(movable, Math.floor(1 + random.next() * longest));
  let kept = 0;
  if (random.next() < STRING_REMOVAL.splitRate && length < movable) {
    kept = 1;
    while (length + kept < movable && random.next() > STRING_REMOVAL.splitDepth) kept++;
  }
  const span = length + kept;
  // The window of `span` stops covering c, inside the movable part of the route.
  const index = solution.positionOf[c]! - 1;
  const lowest = Math.max(fixed, index - span + 1);
  const highest = Math.min(index, route.length - span);
  const from = lowest + random.below(highest - lowest + 1);
  const keptFrom = kept > 0 ? from + random.below(length + 1) : -1;
  const cut: number[] = [];
  for (let k = from; k < from + span; k++) {
    if (keptFrom >= 0 && k >= keptFrom && k < keptFrom + kept) continue;
    cut.push(route[k]!);
  }
  const survivors = route.filter(
    (node, k) => k < from || k >= from + span || (keptFrom >= 0 && k >= keptFrom && k < keptFrom + kept),
  );
  route.length = 0;
  for (const node of survivors) route.push(node);
  for (const node of cut) {
    solution.routeOf[node] = -1;
    solution.positionOf[node] = -1;
    removed.push(node);
  }
  solution.update(v);
}

/**
 * SISR's ruin: from a random seed customer, walks its nearest neighbours and cuts one string (a
 * run of consecutive stops, sometimes with a kept run inside) from each route met, until a random
 * number of routes is cut. Removed customers join `solution.unassigned`. Committed stops stay.
 *
 * @example
 * ruinStrings(context, solution); // solution.unassigned now holds about ten more customers
 */
export function ruinStrings(context: SearchContext, solution: Solution): void {
  const { problem, random } = context;
  const n = problem.customers;
  let assigned = 0;
  let routes = 0;
  for (let v = 0; v < problem.vehicles; v++) {
    const movable = solution.routes[v]!.length - solution.fixedCount(v);
    if (movable > 0) {
      assigned += movable;
      routes++;
    }
  }
  if (assigned === 0) return;
  const maxString = Math.min(STRING_REMOVAL.maxStringLength, assigned / routes);
  const maxStrings = (4 * STRING_REMOVAL.averageRemoved) / (1 + maxString) - 1;
  const strings = Math.floor(1 + random.next() * maxStrings);
  let seed = random.below(n);
  while (solution.routeOf[seed]! < 0 || solution.positionOf[seed]! <= solution.fixedCount(solution.routeOf[seed]!))
    seed = random.below(n);
  const cutRoutes = new Set<number>();
  const removed = solution.unassigned;
  for (let rank = 0; rank < n && cutRoutes.size < strings; rank++) {
    const c = problem.neighbours[seed * n + rank]!;
    const v = solution.routeOf[c]!;
    if (v < 0 || cutRoutes.has(v) || solution.positionOf[c]! <= solution.fixedCount(v)) continue;
    cutString(context, solution, c, maxString, removed);
    cutRoutes.add(v);
  }
}
