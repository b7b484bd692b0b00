import type { RunStatus, RunView, StartOptions, WorkflowEngine } from '@baton/orchestration';

/** One line of {@link RunClient.list}. */
export interface RunSummary {
  readonly runId: string;
  readonly workflowId: string;
  readonly status: RunStatus;
  readonly updatedAt: string;
}

/** Which runs {@link RunClient.list} returns, newest change first. */
export interface RunFilter {
  /** Only this tenant's runs. */
  readonly tenantId?: string;
  readonly status?: RunStatus;
  readonly workflowId?: string;
  readonly updatedAfter?: string;
  readonly updatedBefore?: string;
  /** Default 100. */
  readonly limit?: number;
}

/**
 * What an API process does with runs: start, signal, cancel, read and list them. Workers do the
 * rest, so a client needs no policy engine and no model gateway: starting a run commits it with
 * its first commands and stops before the first policy or model step, which a worker takes.
 *
 * @example
 * const { runId } = await runs.start('loan.underwrite', request, { idempotencyKey, tenantId });
 * await runs.signal(runId, 'underwriter.review', { outcome: 'approve' });
 */
export interface RunClient {
  /** Starts a run, or finds the one this idempotency key already started. */
  start(workflowId: string, input: unknown, options: StartOptions): Promise<{ runId: string; created: boolean }>;
  /** Delivers a signal; the run takes it when it waits for it. */
  signal(runId: string, name: string, payload: unknown): Promise<void>;
  cancel(runId: string, reason?: string): Promise<void>;
  /** The run as it stands; `UNKNOWN_RUN` when there is none. */
  get(runId: string): Promise<RunView>;
  list(filter?: RunFilter): Promise<RunSummary[]>;
}

/** A run client over an engine built without policy or model ports. */
export function engineRunClient(engine: WorkflowEngine): RunClient {
  return {
    start: (workflowId, input, options) => engine.start(workflowId, input, options),
    signal: (runId, name, payload) => engine.signal(runId, name, payload),
    cancel: (runId, reason) => engine.cancel(runId, reason),
    get: (runId) => engine.get(runId),
    list: (filter = {}) => engine.query(filter),
  };
}
