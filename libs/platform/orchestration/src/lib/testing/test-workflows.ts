// The orchestration suites' workflows and in-memory ports: the engine's own tests, the replay
// fixtures, and the runtime's engine suites (which run them as a test vertical) share them.
import { WorkflowRegistry } from '../engine/workflow-registry';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { ScriptedModel, StaticPolicy } from '../ports/in-memory-ports';
import { PARALLEL_WORKFLOWS } from './parallel-workflows';
import { applicationWorkflow, approvalWorkflow, driftWorkflow } from './loan-like-workflow';
import {
  deadlineWorkflow,
  napWorkflow,
  parentWorkflow,
  retryingWorkflow,
  reviewWorkflow,
  sagaWorkflow,
} from './resilience-workflows';

/** Every test workflow (the parallel, fan-out and deadline ones too), at version 1 (`reviewWorkflowV2` is registered only by the suites that evolve it). */
export const TEST_WORKFLOWS: readonly WorkflowDefinition[] = [
  applicationWorkflow,
  approvalWorkflow,
  driftWorkflow,
  retryingWorkflow,
  sagaWorkflow,
  napWorkflow,
  reviewWorkflow,
  parentWorkflow,
  deadlineWorkflow,
  ...PARALLEL_WORKFLOWS,
];

/**
 * A registry of {@link TEST_WORKFLOWS}, as a worker of the suites runs them.
 *
 * @example replayRun(testWorkflows(), recorded.events)
 */
export function testWorkflows(): WorkflowRegistry {
  return new WorkflowRegistry().register(...TEST_WORKFLOWS);
}

/**
 * The suites' policy: amounts at or above 10,000 are denied, at or above 5,000 referred, before
 * any model call; the rest allowed.
 *
 * @example new WorkflowEngine({ ...dependencies, policy: testPolicy() })
 */
export const testPolicy = (): StaticPolicy =>
  new StaticPolicy((_intent, context) => {
    const amount = Number(context['amount']);
    if (amount >= 10_000) return { effect: 'deny', code: 'AMOUNT_TOO_HIGH', message: 'amount over the limit' };
    if (amount >= 5_000) return { effect: 'review', code: 'AMOUNT_REVIEW', message: 'amount needs review' };
    return { effect: 'allow', code: 'WITHIN_LIMITS', message: 'within limits' };
  });

/**
 * The suites' model: low risk below an amount of 1,000, high otherwise. It records its calls.
 *
 * @example const model = testModel(); ...; expect(model.calls).toHaveLength(1);
 */
export const testModel = (): ScriptedModel =>
  new ScriptedModel((variables) => ({ risk: Number(variables['amount']) < 1000 ? 'low' : 'high' }));
