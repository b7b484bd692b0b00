/** Why a call was made: the first ask, the one re-ask with the error, or a fresh retry. */
export type AttemptKind = 'initial' | 'repair' | 'retry';

/**
 * Reported after every model call, for metrics and logs.
 *
 * @example new ChatModelGateway({ models, onAttempt: (report) => metrics.calls.inc({ outcome: report.outcome }) });
 */
export interface AttemptReport {
  readonly runId: string;
  readonly stepId: string;
  readonly provider: string;
  readonly model: string;
  readonly kind: AttemptKind;
  /** `valid`, `invalid` (did not fit the schema) or the error code of a failed call. */
  readonly outcome: string;
  readonly costNanoUsd: number;
}
