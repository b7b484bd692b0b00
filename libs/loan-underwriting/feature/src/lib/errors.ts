import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

export const loanErrorCodes = {
  /** A simulated outside system (bureau, KYC, sanctions list, payroll) is down or timed out: try again later. */
  OUTSIDE_SYSTEM_UNAVAILABLE: { httpStatus: 503, outcome: 'retry', retryable: true },
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
