import { evolveRun } from '../run/run-state';
import type { EngineClock } from '../ports/clock';
import type { LoadedRun } from './run-repository';
import { plan, StepPlan } from './step-plan';

/** A plan's events folded into a run in memory, before they are committed. */
export function applyPlan(loaded: LoadedRun, stepPlan: StepPlan, clock: EngineClock): LoadedRun {
  const at = clock.now().toISOString();
  return {
    run: stepPlan.events.reduce((run, event) => evolveRun(run, event, at), loaded.run),
    version: loaded.version + stepPlan.events.length,
  };
}

/** Several steps' plans as one commit: events, messages, timers and started runs in order. */
export function mergePlans(plans: readonly StepPlan[]): StepPlan {
  if (plans.length === 1) return plans[0] as StepPlan;
  const merged = plan(
    plans.flatMap((p) => p.events),
    plans.flatMap((p) => p.outbox),
    plans.flatMap((p) => p.starts),
  );
  return { ...merged, timers: plans.flatMap((p) => p.timers) };
}
