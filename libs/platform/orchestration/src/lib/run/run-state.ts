import type { Obligation, Permit } from '@baton/contracts';
import { evolveBranchEvent, ParallelProgress } from './branch-progress';
import type { RunWait, StepRecord } from './run-records';
import type { CompensationTarget, ParentLink, RunEvent, RunFailure } from './run-events';

export type { BranchProgress, ParallelProgress } from './branch-progress';
export type { RunWait, StepRecord } from './run-records';

export type RunStatus = 'running' | 'waiting' | 'compensating' | 'completed' | 'failed' | 'cancelled';

/** A run folded from its events: pure data, the same on every worker. */
export interface RunState {
  readonly runId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly tenantId: string;
  readonly correlationId: string;
  readonly parent: ParentLink | null;
  readonly status: RunStatus;
  readonly state: unknown;
  /** The step to execute next, or the step being waited on. */
  readonly current: string | null;
  readonly visits: Readonly<Record<string, number>>;
  readonly epoch: number;
  /** What the run waits for, when waiting: the scheduled step and its command. */
  readonly waiting: RunWait | null;
  /** Retries spent so far (against the workflow's retry budget). */
  readonly retriesUsed: number;
  /** While compensating: the compensations still owed (next first), the failure, how the run ends. */
  readonly compensation: {
    readonly pending: readonly CompensationTarget[];
    readonly failure: RunFailure;
    readonly finish: 'failed' | 'completed';
  } | null;
  readonly permits: Readonly<Record<string, Permit>>;
  /** The obligations of each policy step's latest decision (redactions the model step applies). */
  readonly obligations: Readonly<Record<string, readonly Obligation[]>>;
  /** Signals received and not yet consumed by a signal step, oldest first. */
  readonly pendingSignals: ReadonlyArray<{
    readonly signalId: string;
    readonly name: string;
    readonly payload: unknown;
  }>;
  readonly history: readonly StepRecord[];
  /** Parallel and fan-out steps' latest visits, by step id (kept after the join, for late replies). */
  readonly parallel: Readonly<Record<string, ParallelProgress>>;
  /** The current step's deadline over all its attempts, when it declares `deadlineMs`. */
  readonly deadline: { readonly stepId: string; readonly visit: number; readonly at: string } | null;
  readonly failure: RunFailure | null;
  readonly startedAt: string;
  readonly updatedAt: string;
}

/** The state before `run.started`. */
export const emptyRun = (runId: string): RunState => ({
  runId,
  workflowId: '',
  version: 0,
  tenantId: '',
  correlationId: '',
  parent: null,
  status: 'running',
  state: null,
  current: null,
  visits: {},
  epoch: 0,
  waiting: null,
  retriesUsed: 0,
  compensation: null,
  permits: {},
  obligations: {},
  pendingSignals: [],
  history: [],
  parallel: {},
  deadline: null,
  failure: null,
  startedAt: '',
  updatedAt: '',
});

/**
 * Folds one event into a run (the `evolve` of the run's decider).
 *
 * @example const run = events.reduce((state, event) => evolveRun(state, event, at), emptyRun(id));
 */
export function evolveRun(run: RunState, event: RunEvent, at: string): RunState {
  const touched = { ...run, updatedAt: at };
  switch (event.type) {
    case 'run.started':
      return {
        ...touched,
        workflowId: event.data.workflowId,
        version: event.data.version,
        tenantId: event.data.tenantId,
        correlationId: event.data.correlationId,
        parent: event.data.parent,
        state: event.data.state,
        status: 'running',
        startedAt: at,
        current: event.data.startStep,
      };
    case 'run.step.scheduled':
      return {
        ...touched,
        status: 'waiting',
        current: event.data.stepId,
        visits: { ...run.visits, [event.data.stepId]: event.data.visit },
        waiting: {
          stepId: event.data.stepId,
          visit: event.data.visit,
          commandId: event.data.commandId,
          dueAt: event.data.dueAt,
          attempt: event.data.attempt ?? 1,
          kind: event.data.waitsFor ?? 'reply',
        },
        history: [...run.history, { stepId: event.data.stepId, visit: event.data.visit, status: 'scheduled', at }],
      };
    case 'run.step.retry.scheduled':
      return {
        ...touched,
        status: run.status === 'compensating' ? 'compensating' : 'waiting',
        retriesUsed: run.retriesUsed + 1,
        waiting: {
          stepId: event.data.stepId,
          visit: event.data.visit,
          commandId: '',
          dueAt: event.data.dueAt,
          attempt: event.data.failedAttempt + 1,
          kind: 'retry',
        },
        history: [
          ...run.history,
          { stepId: event.data.stepId, visit: event.data.visit, status: 'retrying', at, code: event.data.code },
        ],
      };
    case 'run.compensation.started':
      return {
        ...touched,
        status: 'compensating',
        waiting: null,
        failure: event.data.failure,
        compensation: { pending: event.data.steps, failure: event.data.failure, finish: event.data.finish },
      };
    case 'run.compensation.scheduled':
      return {
        ...touched,
        waiting: {
          stepId: event.data.stepId,
          visit: event.data.visit,
          commandId: event.data.commandId,
          dueAt: null,
          attempt: event.data.attempt,
          kind: 'reply',
        },
      };
    case 'run.compensation.completed':
      return {
        ...touched,
        waiting: null,
        compensation: run.compensation && {
          ...run.compensation,
          pending: run.compensation.pending.filter(
            (target) => target.stepId !== event.data.stepId || target.visit !== event.data.visit,
          ),
        },
        history: [...run.history, { stepId: event.data.stepId, visit: event.data.visit, status: 'compensated', at }],
      };
    case 'run.policy.decided': {
      const obligations = { ...run.obligations, [event.data.stepId]: event.data.decision.obligations };
      return event.data.permit
        ? { ...touched, obligations, permits: { ...run.permits, [event.data.stepId]: event.data.permit } }
        : { ...touched, obligations };
    }
    case 'run.step.completed':
      return {
        ...touched,
        parallel: markJoined(run.parallel, event.data.stepId, event.data.visit),
        status: 'running',
        state: event.data.state,
        current: event.data.next,
        visits: { ...run.visits, [event.data.stepId]: event.data.visit },
        waiting: null,
        pendingSignals: run.pendingSignals.filter(
          (signal) => signal.signalId !== (event.data.output as { signalId?: string } | null)?.signalId,
        ),
        history: [...run.history, { stepId: event.data.stepId, visit: event.data.visit, status: 'completed', at }],
      };
    case 'baton.policy.decided':
      // The policy engine's audit record; the run's own `run.policy.decided` carries the effect.
      return touched;
    case 'run.model.called':
      // Recorded for audit and cost (tokens, price, model, prompt hash); state is unchanged.
      return touched;
    case 'run.signal.received':
      return { ...touched, pendingSignals: [...run.pendingSignals, event.data] };
    case 'run.completed':
      return {
        ...touched,
        status: event.data.outcome === 'completed' ? 'completed' : 'failed',
        state: event.data.state,
        current: null,
        waiting: null,
        compensation: null,
        failure:
          event.data.outcome === 'failed'
            ? { stepId: null, code: 'WORKFLOW_FAILED', message: event.data.reason ?? 'ended as failed' }
            : null,
      };
    case 'run.failed':
      return { ...touched, status: 'failed', waiting: null, compensation: null, failure: event.data };
    case 'run.cancelled':
      return { ...touched, status: 'cancelled', waiting: null, compensation: null };
    case 'run.parallel.started':
    case 'run.branch.scheduled':
    case 'run.branch.completed':
    case 'run.branch.retry.scheduled':
    case 'run.branch.failed':
    case 'run.branch.late':
    case 'run.deadline.set':
      return evolveBranchEvent(touched, event, at);
    case 'run.retried':
      return {
        ...touched,
        status: 'running',
        epoch: event.data.epoch,
        failure: null,
        waiting: null,
        compensation: null,
      };
  }
}

/** A parallel step's visit that completed has joined: replies that come now are late. */
function markJoined(parallel: RunState['parallel'], stepId: string, visit: number): RunState['parallel'] {
  const progress = parallel[stepId];
  if (!progress || progress.visit !== visit || progress.joined) return parallel;
  return { ...parallel, [stepId]: { ...progress, joined: true } };
}

/** A signal step consumes the oldest pending signal among its names (others stay pending). */
export function consumeSignal(run: RunState, names: readonly string[]) {
  return run.pendingSignals.find((signal) => names.includes(signal.name)) ?? null;
}
