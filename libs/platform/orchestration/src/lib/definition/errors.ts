import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

export const orchestrationErrorCodes = {
  /** A workflow definition is malformed or lets a model run without an allowing policy step. */
  INVALID_WORKFLOW: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
  UNKNOWN_WORKFLOW: { httpStatus: 404, outcome: 'dead-letter', retryable: false },
  UNKNOWN_RUN: { httpStatus: 404, outcome: 'dead-letter', retryable: false },
  /** The run is not in a state that allows the request (signal a finished run, retry a running one). */
  RUN_STATE_CONFLICT: { httpStatus: 409, outcome: 'ack', retryable: false },
  /** A model step found no permit minted by its policy step, or one that does not match. */
  PERMIT_REQUIRED: { httpStatus: 403, outcome: 'dead-letter', retryable: false },
  /** A step entered more often than its `maxVisits`. */
  LOOP_LIMIT_EXCEEDED: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
  /** One attempt of a step took longer than its `timeoutMs`. */
  STEP_TIMED_OUT: { httpStatus: 504, outcome: 'retry', retryable: true },
  /** The run passed its workflow's `timeoutMs`. */
  RUN_TIMED_OUT: { httpStatus: 504, outcome: 'ack', retryable: false },
  /** A downstream's circuit is open: the call was not made. */
  CIRCUIT_OPEN: { httpStatus: 503, outcome: 'retry', retryable: true },
  /**
   * A process without a policy or model port met a step that needs one. A run client (the API
   * role) has neither and never advances past them; a worker takes the step, so it is retryable.
   */
  PORT_NOT_CONFIGURED: { httpStatus: 503, outcome: 'retry', retryable: true },
  /** A step passed its `deadlineMs` and declares no `onDeadline` edge (or an in-process call was abandoned at it). */
  DEADLINE_EXCEEDED: { httpStatus: 504, outcome: 'ack', retryable: false },
  /** A fan-out step's list is longer than its `maxItems`. */
  FAN_OUT_TOO_LARGE: { httpStatus: 422, outcome: 'ack', retryable: false },
  /** A branch's fold changed state outside its `into` key. */
  BRANCH_FOLD_ESCAPED: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
  /** A compensation failed for good: the run needs an operator. */
  COMPENSATION_FAILED: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
} as const satisfies ErrorCatalogue<string>;

export type OrchestrationErrorCode = keyof typeof orchestrationErrorCodes;

/** Raised on purpose by the orchestration core; see {@link orchestrationErrorCodes}. */
export class OrchestrationError extends BatonError<OrchestrationErrorCode> {
  constructor(code: OrchestrationErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, orchestrationErrorCodes[code], message, options);
  }
}

export function isOrchestrationError(value: unknown, code?: OrchestrationErrorCode): value is OrchestrationError {
  return isBatonError(value) && value.code in orchestrationErrorCodes && (code === undefined || value.code === code);
}
