import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

export const fleetErrorCodes = {
  /** No case with that id in the caller's tenant (another tenant's is not found either). */
  CASE_NOT_FOUND: { httpStatus: 404, outcome: 'dead-letter', retryable: false },
  /** The simulated registry is down: the agent's step retries. */
  REGISTRY_UNAVAILABLE: { httpStatus: 503, outcome: 'retry', retryable: true },
} as const satisfies ErrorCatalogue<string>;

export type FleetErrorCode = keyof typeof fleetErrorCodes;

/** Raised on purpose by the Fleet routing vertical; agents reply it as a typed failure. */
export class FleetError extends BatonError<FleetErrorCode> {
  constructor(code: FleetErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, fleetErrorCodes[code], message, options);
  }
}

/** Type guard across package copies (no `instanceof`). */
export function isFleetError(value: unknown, code?: FleetErrorCode): value is FleetError {
  return isBatonError(value) && value.code in fleetErrorCodes && (code === undefined || value.code === code);
}
