import type { z } from 'zod';
import type { AgentStep, ComputeStep, ModelStep, PolicyStep, RetryPolicy } from './steps';

/**
 * A step as one branch of a parallel step runs it: an agent call, a policy decision, a model call
 * or a computation, without a `next` (the parallel step moves on when the branches join). Its
 * fold sees the state at the parallel step's start; only the branch's `into` key of the folded
 * state is kept, and a fold that changes any other key fails the run (`BRANCH_FOLD_ESCAPED`).
 */
export type BranchStep<S> =
  Omit<AgentStep<S>, 'next'> | Omit<PolicyStep<S>, 'next'> | Omit<ModelStep<S>, 'next'> | Omit<ComputeStep<S>, 'next'>;

/** One branch: the step, and the single state key its result folds into. */
export interface ParallelBranch<S> {
  readonly into: keyof S & string;
  readonly step: BranchStep<S>;
}

/** The agent call a fan-out makes once per item; the item (and the state) shape the request. */
export interface FanOutCall<S, T, Req extends z.ZodType = z.ZodType, Rep extends z.ZodType = z.ZodType> {
  readonly kind: 'agent';
  readonly pattern: string;
  readonly request: AgentStep<S, Req, Rep>['request'];
  readonly reply: AgentStep<S, Req, Rep>['reply'];
  readonly input: (item: T, state: S) => z.input<Req>;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
}

/** Where a step goes when its deadline passes or its downstream's circuit is open. */
export interface DeadlineOptions {
  /**
   * How long the step may take over all its attempts, from its first (unlike `timeoutMs`, which
   * bounds one attempt). In-process calls are abandoned at it; agents read it from the command's
   * `x-baton-deadline` header; a durable timer holds it across a crash.
   */
  readonly deadlineMs?: number;
  /** The step taken instead of failing when the deadline passes or the circuit is open. */
  readonly onDeadline?: string;
}
