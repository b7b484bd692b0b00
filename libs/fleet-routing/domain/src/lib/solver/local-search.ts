/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices into typed arrays and routes are in range by construction; checking each read would cost the inner loops */
import { endNode, startNode } from './compiled-problem';
import type { SearchContext } from './search-context';
import type { Solution } from './solution';

/** How many nearest customers each customer's moves look at. */
export const NEIGHBOURHOOD = 15;
/** Longest string moved by or-opt (1 is a plain relocate). */
const LONGEST_SEGMENT = 3;
/** Longest string each side of a cross-exchange gives (1 and 1 is a swap). */
const LONGEST_EXCHANGE = 2;
const IMPROVEMENT = 1e-9;

/** Service start of node `x` placed right after position `k` of route `v`. */
function startAfter(context: SearchContext, solution: Solution, v: number, k: number, x: number): number {
  const { travel, ready, service, nodes } = context.problem;
  const before = solution.nodeAt(v, k);
  const arrival = solution.early[v * solution.stride + k]! + service[before]! + travel[before * nodes + x]!;
  return arrival > ready[x]! ? arrival : ready[x]!;
}

/** Cost change of emptying route `v` entirely: its depot-to-depot arc and its vehicle go. */
function emptiedBonus(context: SearchContext, v: number): number {
  const { cost, nodes } = context.problem;
  return -cost[startNode(context.problem, v) * nodes + endNode(context.problem, v)]! - context.weights.vehicle;
}

/** Or-opt and relocate: moves `length` stops from position `p` of `r` to after position `k` of `s`. */
function tryMoveString(
  context: SearchContext,
  solution: Solution,
  r: number,
  p: number,
  length: number,
  s: number,
  k: number,
): boolean {
  const { problem } = context;
  const { travel, cost, ready, due, service, nodes } = problem;
  const routeR = solution.routes[r]!;
  const last = p + length - 1;
  if (last > routeR.length || solution.routes[s]!.length === 0) return false;
  const baseR = r * solution.stride;
  const baseS = s * solution.stride;
  const moved = solution.loadBefore[baseR + last]! - solution.loadBefore[baseR + p - 1]!;
  if (solution.load[s]! + moved > problem.capacity[s]! + 1e-9) return false;
  const a = solution.nodeAt(r, p - 1);
  const b = solution.nodeAt(r, last + 1);
  const first = routeR[p - 1]!;
  const tail = routeR[last - 1]!;
  const x = solution.nodeAt(s, k);
  const y = solution.nodeAt(s, k + 1);
  let delta =
    cost[a * nodes + b]! -
    cost[a * nodes + first]! -
    cost[tail * nodes + b]! +
    cost[x * nodes + first]! +
    cost[tail * nodes + y]! -
    cost[x * nodes + y]!;
  if (length === routeR.length) delta += emptiedBonus(context, r);
  if (delta > -IMPROVEMENT) return false;
  if (solution.early[baseR + p - 1]! + service[a]! + travel[a * nodes + b]! > solution.late[baseR + last + 1]!)
    return false;
  let time = solution.early[baseS + k]!;
  let previous = x;
  for (let q = p; q <= last; q++) {
    const u = routeR[q - 1]!;
    const arrival = time + service[previous]! + travel[previous * nodes + u]!;
    time = arrival > ready[u]! ? arrival : ready[u]!;
    if (time > due[u]!) return false;
    previous = u;
  }
  if (time + service[previous]! + travel[previous * nodes + y]! > solution.late[baseS + k + 1]!) return false;
  const segment = routeR.splice(p - 1, length);
  solution.routes[s]!.splice(k, 0, ...segment);
  solution.update(r);
  solution.update(s);
  return true;
}

/**
 * Whether `count` stops of `stops` from array index `from`, placed after position `k` of route `v`,
 * are on time and leave the stop at position `resume` of `v` on time (constant for short strings).
 */
function stringFits(
  context: SearchContext,
  solution: Solution,
  v: number,
  k: number,
  stops: readonly number[],
  from: number,
  count: number,
  resume: number,
): boolean {
  const { travel, ready, due, service, nodes } = context.problem;
  let time = solution.early[v * solution.stride + k]!;
  let previous = solution.nodeAt(v, k);
  for (let index = from; index < from + count; index++) {
    const u = stops[index]!;
    const arrival = time + service[previous]! + travel[previous * nodes + u]!;
    time = arrival > ready[u]! ? arrival : ready[u]!;
    if (time > due[u]!) return false;
    previous = u;
  }
  const next = solution.nodeAt(v, resume);
  return time + service[previous]! + travel[previous * nodes + next]! <= solution.late[v * solution.stride + resume]!;
}

/**
 * Cross-exchange (swap when both strings are one stop): `m` stops from position `p` of `r` trade
 * places with `l` stops from position `q` of `s`, each string keeping its direction.
 */
function tryCrossExchange(
  context: SearchContext,
  solution: Solution,
  r: number,
  p: number,
  m: number,
  s: number,
  q: number,
  l: number,
): boolean {
  const { cost, nodes, capacity } = context.problem;
  const routeR = solution.routes[r]!;
  const routeS = solution.routes[s]!;
  if (p + m - 1 > routeR.length || q + l - 1 > routeS.length) return false;
  const baseR = r * solution.stride;
  const baseS = s * solution.stride;
  const loadA = solution.loadBefore[baseR + p + m - 1]! - solution.loadBefore[baseR + p - 1]!;
  const loadB = solution.loadBefore[baseS + q + l - 1]! - solution.loadBefore[baseS + q - 1]!;
  if (solution.load[r]! - loadA + loadB > capacity[r]! + 1e-9) return false;
  if (solution.load[s]! - loadB + loadA > capacity[s]! + 1e-9) return false;
  const a = solution.nodeAt(r, p - 1);
  const b = solution.nodeAt(r, p + m);
  const x = solution.nodeAt(s, q - 1);
  const y = solution.nodeAt(s, q + l);
  const firstA = routeR[p - 1]!;
  const lastA = routeR[p + m - 2]!;
  const firstB = routeS[q - 1]!;
  const lastB = routeS[q + l - 2]!;
  const delta =
    cost[a * nodes + firstB]! +
    cost[lastB * nodes + b]! -
    cost[a * nodes + firstA]! -
    cost[lastA * nodes + b]! +
    cost[x * nodes + firstA]! +
    cost[lastA * nodes + y]! -
    cost[x * nodes + firstB]! -
    cost[lastB * nodes + y]!;
  if (delta > -IMPROVEMENT) return false;
  if (!stringFits(context, solution, r, p - 1, routeS, q - 1, l, p + m)) return false;
  if (!stringFits(context, solution, s, q - 1, routeR, p - 1, m, q + l)) return false;
  const stringA = routeR.slice(p - 1, p - 1 + m);
  const stringB = routeS.splice(q - 1, l, ...stringA);
  routeR.splice(p - 1, m, ...stringB);
  solution.update(r);
  solution.update(s);
  return true;
}

/** 2-opt*: route `r` keeps positions up to `i` then takes `s`'s tail after `j`, and the other way round. */
function tryTailExchange(
  context: SearchContext,
  solution: Solution,
  r: number,
  i: number,
  s: number,
  j: number,
): boolean {
  const { problem } = context;
  const { cost, nodes, capacity } = problem;
  if (context.endClass[r] !== context.endClass[s]) return false;
  const baseR = r * solution.stride;
  const baseS = s * solution.stride;
  const lengthR = solution.routes[r]!.length;
  const lengthS = solution.routes[s]!.length;
  if (solution.loadBefore[baseR + i]! + solution.load[s]! - solution.loadBefore[baseS + j]! > capacity[r]! + 1e-9)
    return false;
  if (solution.loadBefore[baseS + j]! + solution.load[r]! - solution.loadBefore[baseR + i]! > capacity[s]! + 1e-9)
    return false;
  const xr = solution.nodeAt(r, i);
  const yr = solution.nodeAt(r, i + 1);
  const xs = solution.nodeAt(s, j);
  const ys = solution.nodeAt(s, j + 1);
  let delta = cost[xr * nodes + ys]! + cost[xs * nodes + yr]! - cost[xr * nodes + yr]! - cost[xs * nodes + ys]!;
  if (i === 0 && j === lengthS) delta += emptiedBonus(context, r);
  if (j === 0 && i === lengthR) delta += emptiedBonus(context, s);
  if (delta > -IMPROVEMENT) return false;
  if (startAfter(context, solution, r, i, ys) > solution.late[baseS + j + 1]!) return false;
  if (startAfter(context, solution, s, j, yr) > solution.late[baseR + i + 1]!) return false;
  const tailR = solution.routes[r]!.splice(i);
  const tailS = solution.routes[s]!.splice(j);
  solution.routes[r]!.push(...tailS);
  solution.routes[s]!.push(...tailR);
  solution.update(r);
  solution.update(s);
  return true;
}

/** Tries every move between customer `c` and its neighbour `d` (on another route); true on the first gain. */
function improveAround(context: SearchContext, solution: Solution, c: number, d: number): boolean {
  const r = solution.routeOf[c]!;
  const s = solution.routeOf[d]!;
  const p = solution.positionOf[c]!;
  const q = solution.positionOf[d]!;
  const fixedR = solution.fixedCount(r);
  const fixedS = solution.fixedCount(s);
  for (let length = 1; length <= LONGEST_SEGMENT; length++) {
    if (tryMoveString(context, solution, r, p, length, s, q - 1 >= fixedS ? q - 1 : fixedS)) return true;
    if (tryMoveString(context, solution, r, p, length, s, q >= fixedS ? q : fixedS)) return true;
  }
  if (q > fixedS)
    for (let m = 1; m <= LONGEST_EXCHANGE; m++)
      for (let l = 1; l <= LONGEST_EXCHANGE; l++)
        if (tryCrossExchange(context, solution, r, p, m, s, q, l)) return true;
  if (tryTailExchange(context, solution, r, p, s, q - 1 >= fixedS ? q - 1 : fixedS)) return true;
  return p - 1 >= fixedR && q >= fixedS && tryTailExchange(context, solution, r, p - 1, s, q);
}

/**
 * A first-improvement descent over relocate, or-opt (strings of two and three), swap,
 * cross-exchange (strings of up to two) and 2-opt*
 * between neighbouring customers' routes, each move tested in constant time from the schedule
 * bounds. Committed stops never move. Runs until no move improves the plan.
 *
 * @example
 * descend(context, solution); // solution is now a local optimum of these neighbourhoods
 */
export function descend(context: SearchContext, solution: Solution): void {
  const { problem, random } = context;
  const n = problem.customers;
  const order = random.shuffle(Array.from({ length: n }, (_unused, c) => c));
  const reach = Math.min(NEIGHBOURHOOD, n - 1);
  for (let improved = true; improved;) {
    improved = false;
    for (const c of order) {
      const r = solution.routeOf[c]!;
      if (r < 0 || solution.positionOf[c]! <= solution.fixedCount(r)) continue;
      for (let rank = 1; rank <= reach; rank++) {
        const d = problem.neighbours[c * n + rank]!;
        const s = solution.routeOf[d]!;
        if (s < 0 || s === solution.routeOf[c]) continue;
        if (improveAround(context, solution, c, d)) {
          improved = true;
          break;
        }
      }
    }
  }
}
