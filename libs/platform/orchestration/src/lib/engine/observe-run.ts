import type { Step } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import type { OrchestrationObserver } from '../ports/observer.port';
import type { RunEvent } from '../run/run-events';
import type { RunState } from '../run/run-state';
import { isFinished } from './run-repository';

/**
 * Tells the observer what a committed batch of run events means: steps finished (with how long
 * since they were scheduled or the run last moved), retries, decisions, model calls, the run's
 * start and end. Called only after the commit, so counts never include work that rolled back.
 */
export function observeRunEvents(
  observer: OrchestrationObserver,
  definition: WorkflowDefinition | null,
  before: RunState,
  events: readonly RunEvent[],
  after: RunState,
  now: Date,
): void {
  const workflowId = after.workflowId;
  const since = (iso: string) => (iso ? Math.max(0, now.getTime() - Date.parse(iso)) : 0);
  const kindOf = (stepId: string | null) =>
    stepId ? ((definition?.steps[stepId] as Step<unknown> | undefined)?.kind ?? 'unknown') : 'run';
  const scheduledAt = (stepId: string, visit: number) =>
    [...before.history]
      .reverse()
      .find((record) => record.stepId === stepId && record.visit === visit && record.status === 'scheduled')?.at;
  try {
    for (const event of events) {
      switch (event.type) {
        case 'run.started':
          observer.runStarted?.({ workflowId, version: after.version, runId: after.runId, tenantId: after.tenantId });
          break;
        case 'run.step.completed':
          observer.stepFinished?.({
            workflowId,
            stepId: event.data.stepId,
            kind: kindOf(event.data.stepId),
            outcome: 'completed',
            durationMs: since(scheduledAt(event.data.stepId, event.data.visit) ?? before.updatedAt),
          });
          break;
        case 'run.step.retry.scheduled':
          observer.stepFinished?.({
            workflowId,
            stepId: event.data.stepId,
            kind: kindOf(event.data.stepId),
            outcome: 'retrying',
            durationMs: since(scheduledAt(event.data.stepId, event.data.visit) ?? before.updatedAt),
          });
          observer.stepRetryScheduled?.({
            workflowId,
            stepId: event.data.stepId,
            attempt: event.data.failedAttempt + 1,
            code: event.data.code,
            delayMs: event.data.delayMs,
          });
          break;
        case 'run.failed':
        case 'run.compensation.started': {
          const stepId = event.type === 'run.failed' ? event.data.stepId : event.data.failure.stepId;
          if (stepId)
            observer.stepFinished?.({
              workflowId,
              stepId,
              kind: kindOf(stepId),
              outcome: 'failed',
              durationMs: since(before.updatedAt),
            });
          break;
        }
        case 'run.policy.decided':
          observer.policyDecided?.({
            workflowId,
            intent: event.data.decision.intent,
            effect: event.data.decision.effect,
            policyVersion: event.data.decision.policyVersion,
          });
          break;
        case 'run.model.called':
          observer.modelCalled?.({ workflowId, stepId: event.data.stepId, call: event.data.call });
          break;
        default:
          break;
      }
    }
    if (isFinished(after.status) && !isFinished(before.status)) {
      observer.runFinished?.({
        workflowId,
        runId: after.runId,
        outcome: after.status as 'completed' | 'failed' | 'cancelled',
        durationMs: since(after.startedAt),
      });
    }
  } catch {
    // An observer must not break a run whose events are already committed.
  }
}
