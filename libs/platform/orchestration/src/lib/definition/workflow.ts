import type { z } from 'zod';
import type { Step } from './steps';

/** A workflow as data: inspectable without running it, versioned, typed by its state. */
export interface WorkflowDefinition<I extends z.ZodType = z.ZodType, S extends z.ZodType = z.ZodType> {
  readonly id: string;
  readonly version: number;
  readonly input: I;
  readonly state: S;
  /** The first state, from the validated input. Pure. */
  readonly initialState: (input: z.output<I>) => z.output<S>;
  readonly start: string;
  readonly steps: Readonly<Record<string, Step<z.output<S>>>>;
  /** Signals the run accepts, with their payload schemas (validated when sent). */
  readonly signals?: Readonly<Record<string, z.ZodType>>;
  /** The whole run's deadline from its start: past it the run fails with `RUN_TIMED_OUT`. */
  readonly timeoutMs?: number;
  /** Retries one run may spend across all its steps (and compensations). Default 20. */
  readonly retryBudget?: number;
}

/** Every step id a step can move to (its deadline's fallback included). */
export function successors(step: Step<unknown>): string[] {
  // Kept even when it repeats a transition: a policy step's deadline edge is not its allow edge.
  const targets = transitionTargets(step);
  return step.onDeadline ? [...targets, step.onDeadline] : targets;
}

function transitionTargets(step: Step<unknown>): string[] {
  switch (step.kind) {
    case 'end':
      return [];
    case 'policy':
      return [step.next.allow, step.next.deny, step.next.review];
    case 'signal':
      return step.next.timeout ? [step.next.received, step.next.timeout] : [step.next.received];
    default:
      return typeof step.next === 'string'
        ? [step.next]
        : [...step.next.when.map((branch) => branch.to), step.next.otherwise];
  }
}
