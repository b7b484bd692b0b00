import { timeout, TimeoutStrategy } from 'cockatiel';
import { isCockatielTimeout } from '../resilience/cockatiel-errors';
import { splitBranchId } from '../definition/branch-steps';
import { OrchestrationError } from '../definition/errors';
import type { Step } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import type { RunEvent } from '../run/run-events';
import { evolveRun, RunState } from '../run/run-state';
import { checkState } from './follow';
import { plan, StepPlan, withTimer } from './step-plan';

/** Why a step took its `onDeadline` edge, recorded as the step's output. */
export type DeadlineReason = 'DEADLINE_PASSED' | 'CIRCUIT_OPEN' | 'DEADLINE_UNREACHABLE';

/** Failures that send a step with `onDeadline` there at once instead of retrying. */
const FALLBACK_CODES: ReadonlySet<string> = new Set(['CIRCUIT_OPEN', 'DEADLINE_UNREACHABLE']);

/** The deadline of a step's visit (a branch's is its parallel step's), as ISO time, or null. */
export function deadlineAt(run: RunState, stepId: string, visit: number): string | null {
  const owner = splitBranchId(stepId)?.stepId ?? stepId;
  const deadline = run.deadline;
  return deadline && deadline.stepId === owner && deadline.visit === visit ? deadline.at : null;
}

/**
 * Entering a step's visit: its deadline over all attempts is set on the first (recorded, so every
 * later attempt, every worker and a replay read the same one).
 */
export function enterDeadline(
  run: RunState,
  stepId: string,
  visit: number,
  step: Step<unknown>,
  now: Date,
): { run: RunState; events: RunEvent[] } {
  if (step.deadlineMs === undefined || deadlineAt(run, stepId, visit)) return { run, events: [] };
  const event: RunEvent = {
    type: 'run.deadline.set',
    data: { stepId, visit, deadline: new Date(now.getTime() + step.deadlineMs).toISOString() },
  };
  return { run: evolveRun(run, event, now.toISOString()), events: [event] };
}

/** The plan with the step's deadline timer for this attempt's wait, when the step has a deadline. */
export function withDeadlineTimer(
  stepPlan: StepPlan,
  run: RunState,
  stepId: string,
  visit: number,
  attempt: number,
): StepPlan {
  const at = deadlineAt(run, stepId, visit);
  if (!at) return stepPlan;
  return withTimer(stepPlan, { runId: run.runId, stepId, visit, epoch: run.epoch, attempt, kind: 'deadline' }, at);
}

/**
 * Runs an in-process call (a policy decision, a model call) under its attempt's timeout and the
 * step's deadline, whichever comes first; cockatiel's aggressive timeout lets the run move on at
 * once. Past the deadline it throws `DEADLINE_EXCEEDED`, which the executor turns into the step's
 * `onDeadline` edge.
 */
export async function callWithin<T>(
  timeoutMs: number | undefined,
  deadline: string | null,
  now: Date,
  call: () => Promise<T>,
): Promise<T> {
  const remaining = deadline === null ? undefined : Math.max(1, new Date(deadline).getTime() - now.getTime());
  if (remaining === undefined || (timeoutMs !== undefined && timeoutMs <= remaining)) {
    if (timeoutMs === undefined) return call();
    return timeout(timeoutMs, TimeoutStrategy.Aggressive).execute(() => call());
  }
  try {
    return await timeout(remaining, TimeoutStrategy.Aggressive).execute(() => call());
  } catch (error) {
    if (isCockatielTimeout(error))
      throw new OrchestrationError('DEADLINE_EXCEEDED', `the call passed its step's deadline of ${deadline}`);
    throw error;
  }
}

/**
 * Why a failed attempt should leave by `onDeadline` instead of retrying, or null: the step
 * declares `onDeadline` and its downstream's circuit is open, the agent refused work it cannot
 * finish in time, or the next attempt would start after the deadline.
 */
export function deadlineFallback(
  run: RunState,
  step: Pick<Step<unknown>, 'onDeadline'> | undefined,
  stepId: string,
  visit: number,
  failure: { code: string },
  retryDueAt: Date | null,
): DeadlineReason | null {
  if (!step?.onDeadline) return null;
  if (FALLBACK_CODES.has(failure.code)) return failure.code as DeadlineReason;
  if (failure.code === 'DEADLINE_EXCEEDED') return 'DEADLINE_PASSED';
  const at = deadlineAt(run, stepId, visit);
  if (at && retryDueAt && retryDueAt.getTime() >= new Date(at).getTime()) return 'DEADLINE_PASSED';
  return null;
}

/**
 * A plain step leaves by its `onDeadline` edge: the state stands as it is, the reason is the
 * step's output. A step without one fails the run with `DEADLINE_EXCEEDED`.
 */
export function takeDeadlineEdge(
  run: RunState,
  definition: WorkflowDefinition,
  stepId: string,
  visit: number,
  reason: DeadlineReason,
  fail: (failure: { stepId: string; code: string; message: string }) => StepPlan,
): StepPlan {
  const step = definition.steps[stepId] as Step<unknown>;
  if (!step.onDeadline)
    return fail({ stepId, code: 'DEADLINE_EXCEEDED', message: `step ${stepId} passed its deadline (${reason})` });
  const state = withDeadlineReason(definition, stepId, run.state, reason);
  return plan([
    {
      type: 'run.step.completed',
      data: { stepId, visit, state, next: step.onDeadline, output: { deadline: { reason } } },
    },
  ]);
}

/** The state as the `onDeadline` edge leaves it: with the reason in `deadlineReasonInto`, when the step names one. */
export function withDeadlineReason(
  definition: WorkflowDefinition,
  stepId: string,
  state: unknown,
  reason: DeadlineReason,
): unknown {
  const step = definition.steps[stepId] as Step<unknown>;
  return step.deadlineReasonInto ? checkState(definition, stepId, reasonWritten(step, state, reason)) : state;
}

/** The state with the reason in the step's `deadlineReasonInto` key (unchecked: replay compares it with the record). */
export function reasonWritten(step: Step<unknown>, state: unknown, reason: unknown): unknown {
  const into = step.deadlineReasonInto;
  return into ? { ...(state as Record<string, unknown>), [into]: reason } : state;
}
