import { ContractViolation, toContractIssues } from '@baton/contracts';
import type { Transition } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';

/** The step a transition leads to for a state (none for a branch, which has no transition of its own). */
export function follow<S>(transition: Transition<S>, state: S): string;
export function follow<S>(transition: Transition<S> | undefined, state: S): string | null;
export function follow<S>(transition: Transition<S> | undefined, state: S): string | null {
  if (transition === undefined) return null;
  if (typeof transition === 'string') return transition;
  return transition.when.find((branch) => branch.if(state))?.to ?? transition.otherwise;
}

/** The state after a step, checked against the workflow's state schema. */
export function checkState(definition: WorkflowDefinition, stepId: string, state: unknown): unknown {
  return parse(definition.state, state, `${definition.id} state after step ${stepId}`);
}

export function parse<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof toContractIssues>[0] } };
  },
  value: unknown,
  label: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ContractViolation(label, toContractIssues(result.error.issues));
}
