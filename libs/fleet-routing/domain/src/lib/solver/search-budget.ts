import { FleetDomainError } from '../fleet-domain-error';
import type { Solution } from './solution';

/**
 * How long a search may run: a number of ruin-and-recreate iterations (reproducible), a time
 * limit read through the caller's clock (the domain has none), or both (whichever ends first).
 */
export interface SearchBudget {
  readonly iterations?: number;
  readonly timeLimitMs?: number;
  /** Milliseconds from any origin, e.g. `() => performance.now()`; required with `timeLimitMs`. */
  readonly now?: () => number;
  /** Told of each new best plan (vehicles, then distance): the caller's progress display. */
  readonly onImprovement?: (progress: SearchProgress) => void;
}

/** A new best plan found during the search. */
export interface SearchProgress {
  readonly phase: 'construction' | 'fleet-minimisation' | 'distance';
  readonly vehicles: number;
  readonly distance: number;
  readonly unassigned: number;
  readonly iterations: number;
}

/** Tracks a budget's use: the share spent so far drives the phases and the annealing temperature. */
export class BudgetMeter {
  private readonly startedAt: number;
  iterations = 0;

  constructor(private readonly budget: SearchBudget) {
    const { iterations, timeLimitMs, now } = budget;
    if (iterations === undefined && timeLimitMs === undefined)
      throw new FleetDomainError('INVALID_OPTIONS', 'iterations or timeLimitMs: one of them is required');
    if (iterations !== undefined && (!Number.isInteger(iterations) || iterations < 0))
      throw new FleetDomainError('INVALID_OPTIONS', 'iterations: must be a non-negative integer');
    if (timeLimitMs !== undefined && (!Number.isFinite(timeLimitMs) || timeLimitMs < 0))
      throw new FleetDomainError('INVALID_OPTIONS', 'timeLimitMs: must be a non-negative number');
    if (timeLimitMs !== undefined && typeof now !== 'function')
      throw new FleetDomainError('INVALID_OPTIONS', 'now: a clock function is required with timeLimitMs');
    this.startedAt = now ? now() : 0;
  }

  /** The share of the budget spent, from 0 to 1 (the larger of iterations and time). */
  spent(): number {
    const { iterations, timeLimitMs, now } = this.budget;
    let share = 0;
    if (iterations !== undefined) share = iterations === 0 ? 1 : this.iterations / iterations;
    if (timeLimitMs !== undefined && now !== undefined) {
      const time = timeLimitMs === 0 ? 1 : (now() - this.startedAt) / timeLimitMs;
      if (time > share) share = time;
    }
    return share < 1 ? share : 1;
  }

  report(phase: SearchProgress['phase'], solution: Solution): void {
    this.budget.onImprovement?.({
      phase,
      vehicles: solution.usedVehicles(),
      distance: solution.distance(),
      unassigned: solution.unassigned.length,
      iterations: this.iterations,
    });
  }

  elapsedMs(): number {
    return this.budget.now ? this.budget.now() - this.startedAt : 0;
  }
}
