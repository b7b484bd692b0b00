import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

export const stateStoreErrorCodes = {
  /** Another writer advanced the stream first: reload and decide again. */
  CONCURRENCY_CONFLICT: { httpStatus: 409, outcome: 'retry', retryable: true },
  /** The same idempotency key came with a different request body. */
  IDEMPOTENCY_KEY_REUSED: { httpStatus: 409, outcome: 'dead-letter', retryable: false },
  /** The first request with this key is still running: try again after `retryAfterSeconds`. */
  IDEMPOTENCY_REQUEST_IN_PROGRESS: { httpStatus: 409, outcome: 'retry', retryable: true },
  /** The audit HMAC key is missing or too short. */
  AUDIT_KEY_INVALID: { httpStatus: 500, outcome: 'retry', retryable: false },
  /** An access entry lacks a field or breaks its rule (the message names both). */
  ACCESS_ENTRY_INVALID: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
  /** The access event could not be appended: the access it records must not happen either. */
  ACCESS_LOG_UNAVAILABLE: { httpStatus: 503, outcome: 'retry', retryable: true },
} as const satisfies ErrorCatalogue<string>;

export type StateStoreErrorCode = keyof typeof stateStoreErrorCodes;

/** Raised on purpose by the state store; see {@link stateStoreErrorCodes}. */
export class StateStoreError extends BatonError<StateStoreErrorCode> {
  constructor(code: StateStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, stateStoreErrorCodes[code], message, options);
  }
}

/** An append whose expected version did not hold. */
export class ConcurrencyError extends StateStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: number | null,
  ) {
    super(
      'CONCURRENCY_CONFLICT',
      `stream ${streamId}: expected ${expected}, found ${actual === null ? 'no stream' : `version ${actual}`}`,
    );
  }
}

/** An idempotency key still held by a running request. */
export class RequestInProgressError extends StateStoreError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'IDEMPOTENCY_REQUEST_IN_PROGRESS',
      `a request with this idempotency key is still running; retry after ${retryAfterSeconds} s`,
    );
  }
}

export function isStateStoreError(value: unknown): value is StateStoreError {
  return isBatonError(value) && value.code in stateStoreErrorCodes;
}

/** True for a {@link ConcurrencyError}, across package copies. */
export function isConcurrencyError(value: unknown): value is ConcurrencyError {
  return isBatonError(value) && value.code === 'CONCURRENCY_CONFLICT';
}
