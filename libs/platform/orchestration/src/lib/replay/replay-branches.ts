import type { PolicyDecision } from '@baton/contracts';
import { branchStepId } from '../definition/branch-steps';
import type { Step } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { reasonWritten } from '../engine/deadlines';
import { follow } from '../engine/follow';
import { GroupStep, joinedState } from '../engine/parallel-join';
import type { BranchEventKey } from '../run/run-events';
import type { RunState } from '../run/run-state';

/**
 * Why a recorded branch result is not what the definitions give now (a fold into another value,
 * a branch that no longer exists), or null. The branch's recorded answer is its output.
 */
export function branchExpectations(
  definition: WorkflowDefinition,
  run: RunState,
  data: BranchEventKey & { value: unknown; output: unknown },
  decisions: ReadonlyMap<string, PolicyDecision>,
): string | null {
  const step = definition.steps[data.stepId] as Step<unknown> | undefined;
  if (step?.kind === 'fanOut') return sameJson(data.value, data.output) ? null : 'a fan-out item folds its reply';
  if (step?.kind !== 'parallel') return `step "${data.stepId}" is no longer a parallel step`;
  const branch = step.branches[data.branch];
  if (!branch) return `branch "${data.branch}" of "${data.stepId}" no longer exists`;
  const inner = branch.step;
  let folded: unknown;
  if (inner.kind === 'compute') folded = inner.run(run.state);
  else if (inner.kind === 'policy') {
    const decision = decisions.get(branchStepId(data.stepId, data.branch));
    if (!decision) return `branch "${data.branch}" completed without a recorded decision`;
    folded = inner.fold ? inner.fold(run.state, decision) : run.state;
  } else folded = inner.fold(run.state, data.output as never);
  const value = (folded as Record<string, unknown> | null)?.[branch.into];
  return sameJson(value, data.value) ? null : `branch "${data.branch}" of "${data.stepId}" now folds a different value`;
}

/** What a parallel or fan-out step's completion should be, from the branch results the run recorded. */
export function groupCompletion(
  step: GroupStep,
  run: RunState,
  output: unknown,
): { state: unknown; next: string | null } | null {
  const recorded = output as { joined?: string[]; deadline?: unknown } | null;
  const progress = run.parallel[run.current ?? ''];
  if (!progress || !recorded?.joined) return null;
  const state = joinedState(run.state, step, progress, recorded.joined);
  if (recorded.deadline)
    return step.onDeadline
      ? { state: reasonWritten(step as Step<unknown>, state, reasonOf(recorded.deadline)), next: step.onDeadline }
      : null;
  return { state, next: follow(step.next, state) };
}

/** The reason a recorded deadline output names (`{ reason: 'CIRCUIT_OPEN' }`). */
export function reasonOf(deadline: unknown): unknown {
  return (deadline as { reason?: unknown }).reason;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
