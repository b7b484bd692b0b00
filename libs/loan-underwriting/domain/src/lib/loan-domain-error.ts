import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

/**
 * The closed set of errors of the loan domain. Inputs reach the domain already validated by the
 * contracts, so these mean a caller bypassed a contract: never worth retrying.
 */
export const loanDomainErrorCodes = {
  /** A date or instant that is malformed or does not exist. */
  INVALID_DATE: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
} as const satisfies ErrorCatalogue<string>;

export type LoanDomainErrorCode = keyof typeof loanDomainErrorCodes;

/**
 * Raised on purpose by the loan domain.
 *
 * @example
 * throw new LoanDomainError('INVALID_DATE', 'date of birth must be YYYY-MM-DD');
 */
export class LoanDomainError extends BatonError<LoanDomainErrorCode> {
  constructor(code: LoanDomainErrorCode, message: string) {
    super(code, loanDomainErrorCodes[code], message);
  }
}

/**
 * True for a {@link LoanDomainError} (optionally of one code), from whichever package copy raised it.
 *
 * @example
 * if (isLoanDomainError(error, 'INVALID_DATE')) return badRequest(error.message);
 */
export function isLoanDomainError(value: unknown, code?: LoanDomainErrorCode): value is LoanDomainError {
  return isBatonError(value) && value.code in loanDomainErrorCodes && (code === undefined || value.code === code);
}
