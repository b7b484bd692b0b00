import { v7 as uuidv7 } from 'uuid';
import { toOutboxMessage } from '@baton/state-store';
import { findStep } from '../definition/branch-steps';
import type { AgentStep, Step } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { backoffDelay } from '../resilience/backoff';
import type { CompensationTarget, RunEvent, RunFailure } from '../run/run-events';
import { stepIdempotencyKey } from '../run/run-ids';
import type { RunState } from '../run/run-state';
import type { EngineDependencies } from './engine-dependencies';
import { runHeaders } from './run-headers';
import { deadlineFallback, takeDeadlineEdge, withDeadlineTimer } from './deadlines';
import { plan, StepPlan, withTimer } from './step-plan';

export const DEFAULT_RETRY_BUDGET = 20;
/** Compensations are retried even when their step declares no retry policy: undo must not give up early. */
const COMPENSATION_RETRY = { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Plans what a failure leads to: a retry after backoff (a durable timer), compensation of the
 * steps that completed, or the run's end. Also plans each compensation command in turn.
 */
export class RunRecovery {
  constructor(private readonly deps: EngineDependencies) {}

  /** A step attempt failed: retry it if its policy and the run's budget allow and the failure is retryable, else fail. */
  retryOrFail(
    run: RunState,
    definition: WorkflowDefinition,
    target: { stepId: string; visit: number; attempt: number },
    failure: { code: string; message: string; retryable: boolean },
  ): StepPlan {
    const step = findStep(definition, target.stepId) as Step<unknown> | undefined;
    const compensating = run.status === 'compensating';
    const policy = compensating
      ? {
          ...COMPENSATION_RETRY,
          ...step?.retry,
          maxAttempts: Math.max(COMPENSATION_RETRY.maxAttempts, step?.retry?.maxAttempts ?? 0),
        }
      : step?.retry;
    const budget = definition.retryBudget ?? DEFAULT_RETRY_BUDGET;
    const retry = failure.retryable && policy && target.attempt < policy.maxAttempts && run.retriesUsed < budget;
    const delayMs = retry ? backoffDelay(policy, target.attempt, this.deps.random ?? Math.random) : 0;
    const due = retry ? new Date(this.deps.clock.now().getTime() + delayMs) : null;
    // An open circuit, an agent's refusal or a retry past the deadline: the step's onDeadline edge.
    const reason = compensating ? null : deadlineFallback(run, step, target.stepId, target.visit, failure, due);
    if (reason)
      return takeDeadlineEdge(run, definition, target.stepId, target.visit, reason, (f) =>
        this.fail(run, definition, f),
      );
    if (retry && due) {
      const dueAt = due.toISOString();
      const event: RunEvent = {
        type: 'run.step.retry.scheduled',
        data: {
          stepId: target.stepId,
          visit: target.visit,
          failedAttempt: target.attempt,
          code: failure.code,
          message: failure.message,
          delayMs,
          dueAt,
        },
      };
      const timed = withTimer(
        plan([event]),
        {
          runId: run.runId,
          stepId: target.stepId,
          visit: target.visit,
          epoch: run.epoch,
          attempt: target.attempt + 1,
          kind: 'retry',
        },
        dueAt,
      );
      return withDeadlineTimer(timed, run, target.stepId, target.visit, target.attempt + 1);
    }
    const exhausted = failure.retryable && policy ? ` (after ${target.attempt} attempts)` : '';
    if (compensating)
      return plan([
        {
          type: 'run.failed',
          data: {
            stepId: target.stepId,
            code: 'COMPENSATION_FAILED',
            message: `compensating ${target.stepId} failed: ${failure.code}: ${failure.message}${exhausted}`,
          },
        },
      ]);
    return this.fail(run, definition, {
      stepId: target.stepId,
      code: failure.code,
      message: `${failure.message}${exhausted}`,
    });
  }

  /**
   * The run fails: first, in reverse order, compensate every completed step that declares a
   * compensation; `finish` says how the run ends afterwards (an end step with outcome failed
   * completes as failed; an error fails).
   */
  fail(
    run: RunState,
    definition: WorkflowDefinition,
    failure: RunFailure,
    finish: 'failed' | 'completed' = 'failed',
  ): StepPlan {
    const owed = compensationsOwed(run, definition);
    if (owed.length > 0) return plan([{ type: 'run.compensation.started', data: { failure, steps: owed, finish } }]);
    return plan([finishEvent(run, failure, finish)]);
  }

  /** Sends the next compensation command, or ends the run when none is owed any more. */
  compensateNext(run: RunState, definition: WorkflowDefinition, attempt = 1): StepPlan {
    const compensation = run.compensation as NonNullable<RunState['compensation']>;
    const target = compensation.pending[0];
    if (!target) return plan([finishEvent(run, compensation.failure, compensation.finish)]);
    const step = findStep(definition, target.stepId) as AgentStep<unknown>;
    const undo = step.compensate as NonNullable<AgentStep<unknown>['compensate']>;
    const commandId = uuidv7();
    const idempotencyKey = `${stepIdempotencyKey(run.runId, target.stepId, run.epoch)}:${target.visit}:compensate`;
    const command = undo.request.create(undo.input(run.state), {
      id: commandId,
      correlationId: run.correlationId,
      idempotencyKey,
      tenantId: run.tenantId,
      actor: { kind: 'service', id: definition.id },
      occurredAt: this.deps.clock.now().toISOString(),
    });
    const message = toOutboxMessage(command, {
      exchange: this.deps.topology.commandExchange,
      routingKey: undo.pattern,
      headers: {
        ...runHeaders(run.runId, target.stepId, target.visit, attempt),
        'x-baton-reply-to': this.deps.topology.continuation.name,
      },
    });
    return plan(
      [
        {
          type: 'run.compensation.scheduled',
          data: { stepId: target.stepId, visit: target.visit, attempt, commandId, idempotencyKey },
        },
      ],
      [message],
    );
  }
}

function finishEvent(run: RunState, failure: RunFailure, finish: 'failed' | 'completed'): RunEvent {
  return finish === 'completed'
    ? { type: 'run.completed', data: { outcome: 'failed', state: run.state, reason: failure.message } }
    : { type: 'run.failed', data: failure };
}

/** Completed visits of steps that declare a compensation, latest first. */
function compensationsOwed(run: RunState, definition: WorkflowDefinition): CompensationTarget[] {
  const owed: CompensationTarget[] = [];
  for (const record of run.history) {
    const step = findStep(definition, record.stepId);
    if (record.status === 'completed' && step?.kind === 'agent' && step.compensate)
      owed.unshift({ stepId: record.stepId, visit: record.visit });
  }
  return owed;
}
