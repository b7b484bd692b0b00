import type { z } from 'zod';
import type { MessageDefinition, PolicyDecision } from '@baton/contracts';
import type { OutputSchema, PromptTemplate } from '@baton/llm';

/**
 * Where a step goes next: a step id, or branches tried in order with a fallback. Every target
 * is data, so the engine can inspect the whole graph without running anything.
 */
export type Transition<S> =
  | string
  | {
      readonly when: ReadonlyArray<{ readonly if: (state: S) => boolean; readonly to: string }>;
      readonly otherwise: string;
    };

/**
 * How a step is retried after a retryable failure (an agent's typed retryable error, a model
 * call's retryable error, a timeout). The wait is a durable timer: a restart neither loses nor
 * repeats it. Delays use full jitter: a random delay between 0 and
 * `min(maxDelayMs, initialDelayMs * 2^(attempt - 1))`, recorded in the run's history.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Default 200 ms. */
  readonly initialDelayMs?: number;
  /** Default 30 s. */
  readonly maxDelayMs?: number;
}

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
  /**
   * A state key the reason (`DEADLINE_PASSED`, `CIRCUIT_OPEN`, `DEADLINE_UNREACHABLE`) is written
   * into when the step takes `onDeadline`, so the steps after it can say why (a rules-only
   * fallback names its cause). Otherwise the reason is only the step's output in the history.
   */
  readonly deadlineReasonInto?: string;
}

interface StepBase extends DeadlineOptions {
  /** How many times one run may enter this step: loops are bounded. Default 1. */
  readonly maxVisits?: number;
  /** Retries after retryable failures; without it a step's first failure fails the run. */
  readonly retry?: RetryPolicy;
  /**
   * How long one attempt may take: an agent's reply must arrive in time (a durable timer), a
   * policy or model call is abandoned (cockatiel timeout). A timed-out attempt is a retryable
   * `STEP_TIMED_OUT` failure.
   */
  readonly timeoutMs?: number;
}

/**
 * Undoes an agent step's effect when the run fails after it: a command to an agent, sent
 * durably, in reverse order of the steps that completed, with the step's retry policy.
 */
export interface Compensation<S, Req extends z.ZodType = z.ZodType, Rep extends z.ZodType = z.ZodType> {
  readonly pattern: string;
  readonly request: MessageDefinition<string, Req>;
  readonly reply: MessageDefinition<string, Rep>;
  readonly input: (state: S) => z.input<Req>;
}

/** A pure function of state. */
export interface ComputeStep<S> extends StepBase {
  readonly kind: 'compute';
  readonly run: (state: S) => S;
  readonly next: Transition<S>;
}

/** A command to an agent over RabbitMQ; the run continues when the reply arrives. */
export interface AgentStep<S, Req extends z.ZodType = z.ZodType, Rep extends z.ZodType = z.ZodType> extends StepBase {
  readonly kind: 'agent';
  /** The `@MessagePattern` of the agent's handler (its routing key). */
  readonly pattern: string;
  readonly request: MessageDefinition<string, Req>;
  readonly reply: MessageDefinition<string, Rep>;
  readonly input: (state: S) => z.input<Req>;
  readonly fold: (state: S, reply: z.output<Rep>) => S;
  readonly next: Transition<S>;
  /** What undoes this step if the run fails later. */
  readonly compensate?: Compensation<S>;
}

/** Checks an intent against the active policy; edges are keyed by the decision's effect. */
export interface PolicyStep<S> extends StepBase {
  readonly kind: 'policy';
  readonly intent: string;
  readonly context: (state: S) => Record<string, unknown>;
  /** The model step whose permit an `allow` mints (bound to that step's input). */
  readonly permits?: string;
  readonly fold?: (state: S, decision: PolicyDecision) => S;
  readonly next: { readonly allow: string; readonly deny: string; readonly review: string };
}

/** Invokes a model through the gateway; refuses to run without the permit of `permit`'s allow. */
export interface ModelStep<S, O extends z.ZodType = z.ZodType> extends StepBase {
  readonly kind: 'model';
  /** The policy step whose `allow` must mint this step's permit. */
  readonly permit: string;
  readonly prompt: { readonly templateId: string; readonly templateVersion: string };
  readonly output: O;
  /**
   * The prompt's template and the output's schema themselves, when the workflow names them by
   * value (`step.model({ prompt: template, output: outputSchema })`): the runtime registers them
   * with the model gateway from here, once, so no vertical lists them a second time.
   */
  readonly template?: PromptTemplate;
  readonly outputSchema?: OutputSchema<z.output<O>>;
  readonly input: (state: S) => Record<string, unknown>;
  readonly fold: (state: S, output: z.output<O>) => S;
  readonly next: Transition<S>;
}

/**
 * Waits durably for a named signal, or for the first of several names; `timeout` is taken when
 * none arrives in time. With several names, `payload` covers each name's payload and `fold` is
 * told which name arrived.
 *
 * @example
 * step.signal({ signal: ['clinician.override', 'clinician.disposition'], payload: z.union([Override, Disposition]),
 *   fold: (s, payload, name) => (name === 'clinician.override' ? { ...s, override: payload } : { ...s, disposition: payload }),
 *   next: { received: 'apply' } });
 */
export interface SignalStep<S, P extends z.ZodType = z.ZodType> extends StepBase {
  readonly kind: 'signal';
  readonly signal: string | readonly string[];
  readonly payload: P;
  readonly timeoutMs?: number;
  readonly fold: (state: S, payload: z.output<P>, name: string) => S;
  readonly next: { readonly received: string; readonly timeout?: string };
}

/** The names a signal step waits for, whether it names one or several. */
export function signalNames(step: Pick<SignalStep<unknown>, 'signal'>): readonly string[] {
  return typeof step.signal === 'string' ? [step.signal] : step.signal;
}

/** Waits durably for a while. */
export interface SleepStep<S> extends StepBase {
  readonly kind: 'sleep';
  readonly ms: (state: S) => number;
  readonly next: Transition<S>;
}

/** Publishes a domain event (through the outbox, with the step's result). */
export interface EmitStep<S, P extends z.ZodType = z.ZodType> extends StepBase {
  readonly kind: 'emit';
  readonly event: MessageDefinition<string, P>;
  readonly payload: (state: S) => z.input<P>;
  readonly next: Transition<S>;
}

/** Starts a child workflow and waits durably for its final state. */
export interface ChildStep<S> extends StepBase {
  readonly kind: 'child';
  readonly workflowId: string;
  /** The child's version; default the newest registered when the step runs (then recorded). */
  readonly version?: number;
  readonly input: (state: S) => unknown;
  readonly fold: (state: S, childState: unknown) => S;
  readonly next: Transition<S>;
}

/** Ends the run. */
export interface EndStep extends StepBase {
  readonly kind: 'end';
  readonly outcome: 'completed' | 'failed';
  readonly reason?: string;
}

/**
 * Runs branches at once, their commands in one commit. `all` joins when every branch has
 * finished, `any` when the first succeeds (later replies are recorded and ignored, and
 * compensated when the branch declares it). A branch that fails for good fails the step, after
 * the completed branches' compensations.
 */
export interface ParallelStep<S> extends StepBase {
  readonly kind: 'parallel';
  readonly branches: Readonly<Record<string, ParallelBranch<S>>>;
  readonly join: 'all' | 'any';
  readonly next: Transition<S>;
}

/**
 * One agent call per item, at most `concurrency` in flight, joined when all have answered; the
 * replies fold into `into` as an array in item order. An empty list joins at once; more than
 * `maxItems` items fail the run with `FAN_OUT_TOO_LARGE`.
 */
export interface FanOutStep<S, T = unknown> extends StepBase {
  readonly kind: 'fanOut';
  readonly items: (state: S) => readonly T[];
  readonly step: FanOutCall<S, T>;
  readonly concurrency: number;
  readonly into: keyof S & string;
  readonly maxItems: number;
  readonly next: Transition<S>;
}

export type Step<S> =
  | ParallelStep<S>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any item type: each fan-out is typed where it is built
  | FanOutStep<S, any>
  | ComputeStep<S>
  | AgentStep<S>
  | PolicyStep<S>
  | ModelStep<S>
  | SignalStep<S>
  | SleepStep<S>
  | EmitStep<S>
  | ChildStep<S>
  | EndStep;

export type StepKind = Step<unknown>['kind'];
