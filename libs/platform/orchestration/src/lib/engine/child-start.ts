import { v7 as uuidv7 } from 'uuid';
import type { OutboxMessage } from '@baton/state-store';
import type { ChildStep } from '../definition/steps';
import { runIdFor } from '../run/run-ids';
import type { RunState } from '../run/run-state';
import type { EngineDependencies } from './engine-dependencies';
import { parse } from './follow';
import { plan, StepPlan } from './step-plan';

/**
 * Entering a child step: the child's first event and projection commit with the parent's wait
 * (`run.step.scheduled`), and an advance message sets the child going on some worker.
 */
export function childStartPlan(
  deps: Pick<EngineDependencies, 'workflows'>,
  run: RunState,
  stepId: string,
  step: ChildStep<unknown>,
  visit: number,
  at: string,
  advanceMessage: (runId: string) => OutboxMessage,
): StepPlan {
  const childDefinition =
    step.version === undefined
      ? deps.workflows.latest(step.workflowId)
      : deps.workflows.get(step.workflowId, step.version);
  const input = parse(childDefinition.input, step.input(run.state), `${step.workflowId} input`);
  const childRunId = runIdFor(childDefinition.id, run.tenantId, `${run.runId}:${stepId}:${visit}:${run.epoch}`);
  const childState = parse(childDefinition.state, childDefinition.initialState(input), `${step.workflowId} state`);
  const started = {
    type: 'run.started' as const,
    data: {
      workflowId: childDefinition.id,
      version: childDefinition.version,
      startStep: childDefinition.start,
      input,
      state: childState,
      tenantId: run.tenantId,
      correlationId: run.correlationId,
      parent: { runId: run.runId, stepId, visit },
    },
  };
  const advance = advanceMessage(childRunId);
  return plan(
    [
      {
        type: 'run.step.scheduled',
        data: {
          stepId,
          visit,
          epoch: run.epoch,
          commandId: childRunId,
          idempotencyKey: childRunId,
          dueAt: null,
          attempt: 1,
          waitsFor: 'reply',
        },
      },
    ],
    [advance],
    [
      {
        runId: childRunId,
        expected: 'no_stream',
        events: [{ eventId: uuidv7(), type: started.type, schemaVersion: 1, data: started.data, occurredAt: at }],
        projection: {
          runId: childRunId,
          workflowId: childDefinition.id,
          version: childDefinition.version,
          tenantId: run.tenantId,
          status: 'running',
          currentStep: childDefinition.start,
          streamVersion: 1,
          startedAt: at,
          updatedAt: at,
        },
      },
    ],
  );
}
