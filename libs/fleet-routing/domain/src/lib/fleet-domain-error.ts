import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

/**
 * The closed set of errors of the fleet routing domain. Each one means the input is wrong, so
 * trying again with the same input cannot help.
 */
export const fleetDomainErrorCodes = {
  /** A routing problem that breaks a rule (a field, its range, a reference to an unknown id). */
  INVALID_PROBLEM: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
  /** A Solomon instance file that does not parse; the message names the line and the field. */
  MALFORMED_INSTANCE: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
  /** Solver options out of range (no budget, a negative limit, a seed that is not an integer). */
  INVALID_OPTIONS: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
} as const satisfies ErrorCatalogue<string>;

export type FleetDomainErrorCode = keyof typeof fleetDomainErrorCodes;

/**
 * Raised on purpose by the fleet routing domain.
 *
 * @example
 * throw new FleetDomainError('MALFORMED_INSTANCE', 'line 12, field DEMAND: "x" is not a number');
 */
export class FleetDomainError extends BatonError<FleetDomainErrorCode> {
  constructor(code: FleetDomainErrorCode, message: string) {
    super(code, fleetDomainErrorCodes[code], message);
  }
}

/**
 * True for a {@link FleetDomainError} (optionally of one code), from whichever package copy raised it.
 *
 * @example
 * if (isFleetDomainError(error, 'MALFORMED_INSTANCE')) process.exit(2);
 */
export function isFleetDomainError(value: unknown, code?: FleetDomainErrorCode): value is FleetDomainError {
  return isBatonError(value) && value.code in fleetDomainErrorCodes && (code === undefined || value.code === code);
}
