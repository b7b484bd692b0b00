import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

/**
 * The closed set of errors of the triage domain. Inputs reach the domain already parsed by the
 * contracts, so these mean a caller bypassed a contract: never worth retrying.
 */
export const triageDomainErrorCodes = {
  /** A date or instant that is malformed, does not exist, or puts birth after arrival. */
  INVALID_DATE: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
} as const satisfies ErrorCatalogue<string>;

export type TriageDomainErrorCode = keyof typeof triageDomainErrorCodes;

/**
 * Raised on purpose by the triage domain.
 *
 * @example
 * throw new TriageDomainError('INVALID_DATE', 'date of birth must be YYYY-MM-DD');
 */
export class TriageDomainError extends BatonError<TriageDomainErrorCode> {
  constructor(code: TriageDomainErrorCode, message: string) {
    super(code, triageDomainErrorCodes[code], message);
  }
}

/**
 * True for a {@link TriageDomainError} (optionally of one code), from whichever package copy raised it.
 *
 * @example
 * if (isTriageDomainError(error, 'INVALID_DATE')) return badRequest(error.message);
 */
export function isTriageDomainError(value: unknown, code?: TriageDomainErrorCode): value is TriageDomainError {
  return isBatonError(value) && value.code in triageDomainErrorCodes && (code === undefined || value.code === code);
}
