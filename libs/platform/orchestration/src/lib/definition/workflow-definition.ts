import type { z } from 'zod';
import { validateWorkflowGraph } from './validate-graph';
import type { WorkflowDefinition } from './workflow';

export { successors } from './workflow';
export type { WorkflowDefinition } from './workflow';

/**
 * Declares a workflow and checks its graph: every transition names a step, every step is
 * reachable, loops are bounded, and no path reaches a model step without leaving its policy
 * step by `allow`. A definition that fails throws `INVALID_WORKFLOW` naming the offending path.
 *
 * @example
 * export const underwrite = defineWorkflow({ id: 'loan.underwrite', version: 1, input: Application, state: LoanState,
 *   initialState: (application) => ({ application, kyc: null }), start: 'kyc', steps: { kyc, gate, assess, score, done } });
 */
export function defineWorkflow<I extends z.ZodType, S extends z.ZodType>(
  definition: WorkflowDefinition<I, S>,
): WorkflowDefinition<I, S> {
  validateWorkflowGraph(definition as unknown as WorkflowDefinition);
  return definition;
}
