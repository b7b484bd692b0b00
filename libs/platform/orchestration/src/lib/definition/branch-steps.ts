import type { MessageDefinition } from '@baton/contracts';
import type { BranchStep } from './steps';
import type { Compensation, ModelStep, Step } from './steps';
import type { WorkflowDefinition } from './workflow';

/** Joins a parallel step's id and a branch's name into the id the branch runs under. */
export const BRANCH_SEPARATOR = '/';

/**
 * The id a branch (or a fan-out's item) runs under: its commands' headers, its timers, its
 * permit and its history record carry it.
 *
 * @example branchStepId('checks', 'kyc') // 'checks/kyc'
 */
export function branchStepId(stepId: string, branch: string): string {
  return `${stepId}${BRANCH_SEPARATOR}${branch}`;
}

/** The parallel step and branch of a branch id, or null for a plain step id. */
export function splitBranchId(id: string): { stepId: string; branch: string } | null {
  const at = id.indexOf(BRANCH_SEPARATOR);
  return at < 0 ? null : { stepId: id.slice(0, at), branch: id.slice(at + 1) };
}

/** A step or a branch by its id (`checks/kyc`); a fan-out's items resolve to its call. */
export function findStep(definition: WorkflowDefinition, id: string): Step<unknown> | BranchStep<unknown> | undefined {
  const steps = definition.steps as Record<string, Step<unknown>>;
  const split = splitBranchId(id);
  if (!split) return steps[id];
  const parent = steps[split.stepId];
  if (parent?.kind === 'parallel') return parent.branches[split.branch]?.step;
  if (parent?.kind === 'fanOut') return parent.step as unknown as BranchStep<unknown>;
  return undefined;
}

/** An agent call a workflow makes, at the top level, in a branch or per item of a fan-out. */
export interface AgentCall {
  readonly stepId: string;
  readonly pattern: string;
  readonly request: MessageDefinition;
  readonly reply: MessageDefinition;
  readonly compensate?: Compensation<unknown>;
}

/** Every agent call of a workflow, so topology, registries and tests never miss a branch's. */
export function* agentCalls(definition: WorkflowDefinition): Generator<AgentCall> {
  for (const [stepId, step] of Object.entries(definition.steps) as Array<[string, Step<unknown>]>) {
    if (step.kind === 'agent') yield { stepId, ...step };
    if (step.kind === 'fanOut') yield { stepId: branchStepId(stepId, '*'), ...step.step };
    if (step.kind !== 'parallel') continue;
    for (const [branch, { step: inner }] of Object.entries(step.branches)) {
      if (inner.kind === 'agent') yield { stepId: branchStepId(stepId, branch), ...inner };
    }
  }
}

/** Every model step of a workflow, branches included, by the id it runs under. */
export function* modelStepsOf(definition: WorkflowDefinition): Generator<[string, ModelStep<unknown>]> {
  for (const [stepId, step] of Object.entries(definition.steps) as Array<[string, Step<unknown>]>) {
    if (step.kind === 'model') yield [stepId, step];
    if (step.kind !== 'parallel') continue;
    for (const [branch, { step: inner }] of Object.entries(step.branches)) {
      if (inner.kind === 'model') yield [branchStepId(stepId, branch), inner as ModelStep<unknown>];
    }
  }
}

/**
 * Whether entering a step calls the policy engine or a model, or starts a child: starting a run
 * leaves such steps to a worker instead of waiting on them.
 */
export function callsOutOfProcess(step: Step<unknown>): boolean {
  if (step.kind === 'parallel')
    return Object.values(step.branches).some(({ step: inner }) => inner.kind === 'policy' || inner.kind === 'model');
  return step.kind === 'policy' || step.kind === 'model' || step.kind === 'child';
}
