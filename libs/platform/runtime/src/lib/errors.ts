import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

/** The runtime's failures: a vertical that cannot run as defined, or a tool pointed at none. */
export const runtimeErrorCodes = {
  /** The vertical's definition contradicts itself (a model step without its template, a name out of rule). */
  INVALID_VERTICAL: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
  /** A tool or process named a vertical that is not in the list, or named none when several are. */
  UNKNOWN_VERTICAL: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
  /** A stopping process did not finish what it held within `SHUTDOWN_GRACE_MS`. */
  SHUTDOWN_TIMED_OUT: { httpStatus: 503, outcome: 'retry', retryable: true },
} as const satisfies ErrorCatalogue<string>;

export type RuntimeErrorCode = keyof typeof runtimeErrorCodes;

export class RuntimeError extends BatonError<RuntimeErrorCode> {
  constructor(code: RuntimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, runtimeErrorCodes[code], message, options);
  }
}

/** Type guard across package copies (no `instanceof`). */
export function isRuntimeError(error: unknown, code?: RuntimeErrorCode): error is RuntimeError {
  return isBatonError(error) && error.code in runtimeErrorCodes && (code === undefined || error.code === code);
}
