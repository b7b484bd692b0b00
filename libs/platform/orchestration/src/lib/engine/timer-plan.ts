import type { Step } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import type { RunState } from '../run/run-state';
import type { DurableTimer } from '../ports/run-store.port';
import { splitBranchId } from '../definition/branch-steps';
import { follow } from './follow';
import type { RunExecutor } from './run-executor';
import { plan, StepPlan } from './step-plan';

/**
 * What a fired durable timer means for the run (already checked to be live and in the timer's
 * epoch): a sleep ends, a signal wait takes its timeout edge, a retry's backoff is over and the
 * step runs again, an attempt timed out, or the whole run passed its deadline. Null when the
 * run has left the wait the timer was set for (the reply came, another worker fired it).
 */
export async function timerPlan(
  executor: RunExecutor,
  run: RunState,
  definition: WorkflowDefinition,
  timer: DurableTimer,
): Promise<StepPlan | null> {
  const { stepId, visit, attempt, kind } = timer;
  if (kind === 'run-timeout') {
    if (run.status === 'compensating') return null;
    const message = `run passed its deadline of ${definition.timeoutMs} ms`;
    return executor.recovery.fail(run, definition, { stepId: run.current, code: 'RUN_TIMED_OUT', message });
  }
  if (splitBranchId(stepId)) return executor.parallel.timer(run, definition, timer);
  if (kind === 'deadline') {
    // The step's deadline over all its attempts: still in that visit (waiting or, after a crash, running)?
    const live = run.current === stepId && run.deadline?.stepId === stepId && run.deadline.visit === visit;
    if (!live || run.status === 'compensating' || (run.waiting && run.waiting.attempt !== attempt)) return null;
    return executor.atDeadline(run, definition, stepId, visit, 'DEADLINE_PASSED');
  }
  const waiting = run.waiting;
  if (!waiting || waiting.stepId !== stepId || waiting.visit !== visit || waiting.attempt !== attempt) return null;
  const step = definition.steps[stepId] as Step<unknown>;
  let stepPlan: StepPlan | null = null;
  if (kind === 'retry' && waiting.kind === 'retry') {
    stepPlan = await executor.execute(run.status === 'compensating' ? run : { ...run, status: 'running' }, definition, {
      visit,
      attempt,
    });
  } else if (kind === 'timeout' && waiting.kind === 'reply') {
    const failure = {
      code: 'STEP_TIMED_OUT',
      message: `step ${stepId} attempt ${attempt} got no reply within ${step.timeoutMs} ms`,
      retryable: true,
    };
    stepPlan = executor.recovery.retryOrFail(run, definition, { stepId, visit, attempt }, failure);
  } else if (kind === 'wake' && waiting.kind === 'wake') {
    stepPlan = plan(
      step.kind === 'sleep'
        ? [
            {
              type: 'run.step.completed',
              data: { stepId, visit, state: run.state, next: follow(step.next, run.state), output: null },
            },
          ]
        : step.kind === 'signal' && step.next.timeout
          ? [
              {
                type: 'run.step.completed',
                data: { stepId, visit, state: run.state, next: step.next.timeout, output: { timedOut: true } },
              },
            ]
          : executor.recovery.fail(run, definition, {
              stepId,
              code: 'STEP_TIMED_OUT',
              message: `step ${stepId} timed out`,
            }).events,
    );
  }
  return stepPlan;
}
