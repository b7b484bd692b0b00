import type { Step } from './steps';
import { BRANCH_SEPARATOR } from './branch-steps';

const BRANCH_KINDS = new Set(['agent', 'policy', 'model', 'compute']);

/**
 * What is wrong with a workflow's parallel and fan-out steps and deadlines: two branches folding
 * into one key, a branch of a kind that cannot run as one, a fan-out without a positive window
 * or bound, a deadline that is not a positive number of milliseconds.
 */
export function branchProblems(steps: Record<string, Step<unknown>>): string[] {
  const problems: string[] = [];
  for (const [id, step] of Object.entries(steps)) {
    if (id.includes(BRANCH_SEPARATOR)) problems.push(`step id "${id}" must not contain "${BRANCH_SEPARATOR}"`);
    if (step.deadlineMs !== undefined && !(Number.isInteger(step.deadlineMs) && step.deadlineMs > 0))
      problems.push(`step "${id}" has deadlineMs ${step.deadlineMs}: it must be a positive integer`);
    if (step.kind === 'parallel') problems.push(...parallelProblems(id, step));
    if (step.kind === 'fanOut') {
      if (!(Number.isInteger(step.concurrency) && step.concurrency >= 1))
        problems.push(`fan-out step "${id}" has concurrency ${step.concurrency}: it must be an integer of at least 1`);
      if (!(Number.isInteger(step.maxItems) && step.maxItems >= 1))
        problems.push(`fan-out step "${id}" has maxItems ${step.maxItems}: it must be an integer of at least 1`);
    }
  }
  return problems;
}

function parallelProblems(id: string, step: Extract<Step<unknown>, { kind: 'parallel' }>): string[] {
  const problems: string[] = [];
  const branches = Object.entries(step.branches);
  if (branches.length === 0) problems.push(`parallel step "${id}" has no branches`);
  const owners = new Map<string, string>();
  for (const [name, branch] of branches) {
    if (name.includes(BRANCH_SEPARATOR) || name === '*')
      problems.push(`parallel step "${id}" has a branch named "${name}": names must not contain "${BRANCH_SEPARATOR}"`);
    if (!BRANCH_KINDS.has(branch.step.kind))
      problems.push(
        `branch "${name}" of parallel step "${id}" is a ${branch.step.kind} step, which cannot run as a branch`,
      );
    const owner = owners.get(branch.into);
    if (owner)
      problems.push(`branches "${owner}" and "${name}" of parallel step "${id}" both fold into "${branch.into}"`);
    else owners.set(branch.into, name);
  }
  return problems;
}
