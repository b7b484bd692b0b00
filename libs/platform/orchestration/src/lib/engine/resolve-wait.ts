import { AgentFailed, Envelope } from '@baton/contracts';
import { findStep, splitBranchId } from '../definition/branch-steps';
import type { Step } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { ChildRunFinished } from '../continuation/continuation-messages';
import type { RunState } from '../run/run-state';
import { follow } from './follow';
import type { RunExecutor } from './run-executor';
import type { RunRecovery } from './run-recovery';
import type { ContinuationTarget } from './run-view';
import { plan, StepPlan } from './step-plan';

/**
 * The plan for a message on the continuation queue that answers a run: a branch's reply goes to
 * its parallel step, anything else must answer the wait the run is in. Null when it changes
 * nothing (a duplicate, a stale visit or attempt).
 */
export function continuationPlan(
  executor: RunExecutor,
  definition: WorkflowDefinition,
  run: RunState,
  target: ContinuationTarget,
  envelope: Envelope,
): StepPlan | null {
  if (target.stepId && splitBranchId(target.stepId) && run.status !== 'compensating')
    return executor.parallel.resolveReply(run, definition, target, envelope);
  const waiting = run.waiting;
  if (!waiting || waiting.kind !== 'reply' || waiting.stepId !== target.stepId || waiting.visit !== target.visit)
    return null;
  // A late answer to an earlier attempt (one that timed out and was retried) is stale.
  if (target.attempt != null && target.attempt !== waiting.attempt) return null;
  const step = findStep(definition, waiting.stepId) as Step<unknown>;
  return resolveWait(executor.recovery, run, definition, step, envelope);
}

/**
 * The plan for a message that answers the step a run waits in: an agent's reply or typed
 * failure, a compensation's reply, a child's result. Anything else the step cannot take fails
 * the run with the reason.
 */
export function resolveWait(
  recovery: RunRecovery,
  run: RunState,
  definition: WorkflowDefinition,
  step: Step<unknown>,
  envelope: Envelope,
): StepPlan {
  const waiting = run.waiting as NonNullable<RunState['waiting']>;
  const target = { stepId: waiting.stepId, visit: waiting.visit, attempt: waiting.attempt };
  const complete = (state: unknown, next: string | null, output: unknown): StepPlan =>
    plan([{ type: 'run.step.completed', data: { stepId: waiting.stepId, visit: waiting.visit, state, next, output } }]);
  if (AgentFailed.matches(envelope)) {
    const failure = envelope.payload as { code: string; message: string; retryable: boolean };
    return recovery.retryOrFail(run, definition, target, failure);
  }
  if (run.status === 'compensating') {
    if (step.kind === 'agent' && step.compensate?.reply.matches(envelope))
      return plan([{ type: 'run.compensation.completed', data: { stepId: waiting.stepId, visit: waiting.visit } }]);
    return plan([
      {
        type: 'run.failed',
        data: {
          stepId: waiting.stepId,
          code: 'COMPENSATION_FAILED',
          message: `compensating ${waiting.stepId} got ${envelope.type}`,
        },
      },
    ]);
  }
  if (step.kind === 'agent') {
    const reply = step.reply.parse(envelope);
    if (!reply.ok)
      return recovery.fail(run, definition, {
        stepId: waiting.stepId,
        code: reply.error.code,
        message: reply.error.message,
      });
    const state = step.fold(run.state, reply.value.payload);
    return complete(state, follow(step.next, state), reply.value.payload);
  }
  if (step.kind === 'child' && ChildRunFinished.matches(envelope)) {
    const result = envelope.payload as { outcome: string; state: unknown };
    if (result.outcome !== 'completed')
      return recovery.fail(run, definition, {
        stepId: waiting.stepId,
        code: 'CHILD_RUN_FAILED',
        message: `child run ended ${result.outcome}`,
      });
    const state = step.fold(run.state, result.state);
    return complete(state, follow(step.next, state), result.state);
  }
  return recovery.fail(run, definition, {
    stepId: waiting.stepId,
    code: 'UNEXPECTED_CONTINUATION',
    message: `step ${waiting.stepId} (${step.kind}) cannot take ${envelope.type}`,
  });
}
