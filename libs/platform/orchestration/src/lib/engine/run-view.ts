import type { LoadedRun } from './run-repository';
import type { RunState, RunStatus, StepRecord } from '../run/run-state';

/** What `get` shows of a run. */
export interface RunView {
  readonly runId: string;
  readonly workflowId: string;
  readonly version: number;
  /** The tenant that started the run: callers scope reads by it. */
  readonly tenantId: string;
  /** What the starter named the run by (`StartOptions.correlationId`), e.g. an API's resource id. */
  readonly correlationId: string;
  readonly status: RunStatus;
  readonly state: unknown;
  readonly currentStep: string | null;
  readonly epoch: number;
  readonly history: readonly StepRecord[];
  readonly failure: RunState['failure'];
  /** Retries spent against the workflow's budget. */
  readonly retriesUsed: number;
  /** While compensating, the compensations still owed. */
  readonly compensationsPending: ReadonlyArray<{ stepId: string; visit: number }>;
  readonly startedAt: string;
  readonly updatedAt: string;
}

export interface StartOptions {
  readonly idempotencyKey: string;
  readonly tenantId: string;
  readonly correlationId?: string;
  /** Defaults to the newest registered version. */
  readonly version?: number;
}

/** Where a continuation came from: the run, step and visit it answers. */
export interface ContinuationTarget {
  readonly runId: string;
  readonly stepId: string | null;
  readonly visit: number | null;
  /** The attempt the message answers, when it says. */
  readonly attempt?: number | null;
}

/** What `get` shows of a loaded run. */
export function toView({ run }: LoadedRun): RunView {
  return {
    runId: run.runId,
    workflowId: run.workflowId,
    version: run.version,
    tenantId: run.tenantId,
    correlationId: run.correlationId,
    status: run.status,
    state: run.state,
    currentStep: run.current,
    epoch: run.epoch,
    history: run.history,
    failure: run.failure,
    retriesUsed: run.retriesUsed,
    compensationsPending: run.compensation?.pending ?? [],
    startedAt: run.startedAt,
    updatedAt: run.updatedAt,
  };
}
