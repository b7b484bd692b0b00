import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

export const loanErrorCodes = {
  /** A simulated outside system (bureau, KYC, sanctions list, payroll) is down or timed out: try again later. */
  OUTSIDE_SYSTEM_UNAVAILABLE: { httpStatus: 503, outcome: 'retry', retryable: true },
  /** No application with that id in the caller's tenant (another tenant's is not found either). */
  APPLICATION_NOT_FOUND: { httpStatus: 404, outcome: 'dead-letter', retryable: false },
  /** Only a referred application can be reviewed. */
  APPLICATION_NOT_REFERRED: { httpStatus: 409, outcome: 'ack', retryable: false },
  /** A step reached a process role that does not run it (the API role evaluates no policy and calls no model). */
  STEP_NOT_IN_THIS_ROLE: { httpStatus: 500, outcome: 'retry', retryable: true },
  /** The vertical's configuration is invalid. */
  LOAN_CONFIGURATION_INVALID: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
} as const satisfies ErrorCatalogue<string>;

export type LoanErrorCode = keyof typeof loanErrorCodes;

/** Raised on purpose by the loan vertical; agents reply it as a typed failure. */
export class LoanError extends BatonError<LoanErrorCode> {
  constructor(code: LoanErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, loanErrorCodes[code], message, options);
  }
}

export function isLoanError(value: unknown, code?: LoanErrorCode): value is LoanError {
  return isBatonError(value) && value.code in loanErrorCodes && (code === undefined || value.code === code);
}
