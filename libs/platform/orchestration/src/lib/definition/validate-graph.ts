import { LLM_INVOKE_INTENT } from '@baton/contracts';
import { modelStepsOf, splitBranchId } from './branch-steps';
import { OrchestrationError } from './errors';
import { branchProblems } from './validate-branches';
import { signalNames, type ModelStep, type Step } from './steps';
import { successors, WorkflowDefinition } from './workflow';

/** The intent whose allow decision permits a model call. */
/** The intent whose allowing decision a model step needs (`LLM_INVOKE_INTENT` of `@baton/contracts`). */
export const MODEL_INTENT = LLM_INVOKE_INTENT;

/**
 * Checks a workflow graph at registration (see `defineWorkflow`). Every problem found is listed
 * in one `INVALID_WORKFLOW` error.
 */
export function validateWorkflowGraph(definition: WorkflowDefinition): void {
  const label = `workflow ${definition.id}@v${definition.version}`;
  const steps = definition.steps as Record<string, Step<unknown>>;
  const problems: string[] = [];

  if (!steps[definition.start]) problems.push(`start step "${definition.start}" does not exist`);
  for (const [id, step] of Object.entries(steps)) {
    for (const target of successors(step)) {
      if (!steps[target]) problems.push(`step "${id}" moves to "${target}", which does not exist`);
    }
  }
  if (problems.length > 0) throw new OrchestrationError('INVALID_WORKFLOW', `${label}: ${problems.join('; ')}`);

  const edges = (id: string): string[] => successors(steps[id] as Step<unknown>);
  const reachable = reach(definition.start, edges);
  for (const id of Object.keys(steps)) {
    if (!reachable.has(id)) problems.push(`step "${id}" is unreachable from "${definition.start}"`);
  }
  if (![...reachable].some((id) => steps[id]?.kind === 'end')) problems.push('no end step is reachable');

  for (const id of stepsOnCycles(Object.keys(steps), edges)) {
    const visits = steps[id]?.maxVisits;
    if (visits === undefined || visits < 2)
      problems.push(`step "${id}" is on a loop: declare maxVisits (at least 2) to bound it`);
  }

  problems.push(...signalProblems(definition, steps));
  problems.push(...branchProblems(steps));
  // A model in a branch is reached when its parallel step is: every path there must pass the gate.
  for (const [id, step] of modelStepsOf(definition))
    problems.push(...modelGateProblems(definition.start, id, splitBranchId(id)?.stepId ?? id, step, steps, edges));
  if (problems.length > 0) throw new OrchestrationError('INVALID_WORKFLOW', `${label}: ${problems.join('; ')}`);
}

/** A signal step waits for at least one name, each one the workflow accepts (when it lists them). */
function signalProblems(definition: WorkflowDefinition, steps: Record<string, Step<unknown>>): string[] {
  const problems: string[] = [];
  for (const [id, step] of Object.entries(steps)) {
    if (step.kind !== 'signal') continue;
    const names = signalNames(step);
    if (names.length === 0) problems.push(`signal step "${id}" waits for no signal: name at least one`);
    for (const name of definition.signals ? names : [])
      if (!definition.signals?.[name])
        problems.push(`signal step "${id}" waits for "${name}", which the workflow's signals do not list`);
  }
  return problems;
}

/** Every path from start to the model step must take its policy step's `allow` edge. */
function modelGateProblems(
  start: string,
  modelId: string,
  reachedAt: string,
  step: ModelStep<unknown>,
  steps: Record<string, Step<unknown>>,
  edges: (id: string) => string[],
): string[] {
  const gate = steps[step.permit];
  if (!gate || gate.kind !== 'policy')
    return [`model step "${modelId}" names "${step.permit}" as its policy step, which is not a policy step`];
  const problems: string[] = [];
  if (gate.intent !== MODEL_INTENT)
    problems.push(
      `policy step "${step.permit}" gates model step "${modelId}" but decides "${gate.intent}", not "${MODEL_INTENT}"`,
    );
  if (gate.permits !== modelId) problems.push(`policy step "${step.permit}" must declare permits: "${modelId}"`);
  const withoutAllow = (id: string) =>
    id === step.permit ? edges(id).filter((target, index) => !(index === 0 && target === gate.next.allow)) : edges(id);
  const bypass = pathTo(start, reachedAt, withoutAllow);
  if (bypass)
    problems.push(
      `path ${bypass.join(' -> ')} reaches model step "${modelId}" without leaving policy step "${step.permit}" by allow`,
    );
  return problems;
}

function reach(start: string, edges: (id: string) => string[]): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of edges(queue.shift() as string)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** A shortest path from start to target, or null. */
function pathTo(start: string, target: string, edges: (id: string) => string[]): string[] | null {
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    if (current === target) {
      const path: string[] = [];
      for (let at: string | null = current; at !== null; at = parent.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const next of edges(current)) {
      if (!parent.has(next)) {
        parent.set(next, current);
        queue.push(next);
      }
    }
  }
  return null;
}

/** Steps that can reach themselves. */
function stepsOnCycles(ids: string[], edges: (id: string) => string[]): string[] {
  return ids.filter((id) => edges(id).some((next) => reach(next, edges).has(id)));
}
