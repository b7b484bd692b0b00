import { OrchestrationError } from '../definition/errors';
import type { FanOutStep, ParallelStep } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import type { RunEvent } from '../run/run-events';
import { evolveRun, ParallelProgress, RunState } from '../run/run-state';
import type { EngineClock } from '../ports/clock';
import { withDeadlineReason, type DeadlineReason } from './deadlines';
import { checkState, follow } from './follow';
import { plan, StepPlan } from './step-plan';

/** A parallel or a fan-out step. */
export type GroupStep = ParallelStep<unknown> | FanOutStep<unknown, unknown>;

/** Branch events folded into a run in memory, before they are committed. */
export function applyEvents(run: RunState, events: readonly RunEvent[], clock: EngineClock): RunState {
  const at = clock.now().toISOString();
  return events.reduce((state, event) => evolveRun(state, event, at), run);
}

/**
 * The state a group step joins with: each named branch's value in its `into` key, in branch
 * order; a fan-out's replies as one array in item order (null for an item that never answered,
 * when a deadline joins early). The same on every worker and in a replay.
 */
export function joinedState(state: unknown, step: GroupStep, progress: ParallelProgress, names: readonly string[]) {
  const base = { ...(state as Record<string, unknown>) };
  if (step.kind === 'fanOut') {
    base[step.into] = progress.order.map((name) => (names.includes(name) ? progress.branches[name]?.value : null));
    return base;
  }
  for (const name of progress.order) {
    const branch = step.branches[name];
    if (branch && names.includes(name)) base[branch.into] = progress.branches[name]?.value;
  }
  return base;
}

/** The step completes with the named branches folded in, to `next` or its own transition. */
export function joinPlan(
  run: RunState,
  definition: WorkflowDefinition,
  stepId: string,
  step: GroupStep,
  progress: ParallelProgress,
  names: readonly string[],
  edge?: { next: string; output: Record<string, unknown>; reason?: DeadlineReason },
): StepPlan {
  const joined = checkState(definition, stepId, joinedState(run.state, step, progress, names));
  const state = edge?.reason ? withDeadlineReason(definition, stepId, joined, edge.reason) : joined;
  const next = edge?.next ?? follow(step.next, state);
  const output = { joined: [...names], ...edge?.output };
  return plan([{ type: 'run.step.completed', data: { stepId, visit: progress.visit, state, next, output } }]);
}

/**
 * What a branch's fold puts in its `into` key. A fold may change nothing else: branches run at
 * once from the same state, so anything else they touched would depend on which replied first.
 */
export function branchValue(stepId: string, into: string, before: unknown, after: unknown): unknown {
  const was = (before ?? {}) as Record<string, unknown>;
  const now = (after ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (key === into || was[key] === now[key] || JSON.stringify(was[key]) === JSON.stringify(now[key])) continue;
    throw new OrchestrationError(
      'BRANCH_FOLD_ESCAPED',
      `branch ${stepId} may fold only into "${into}", and it changed "${key}"`,
    );
  }
  return now[into];
}
