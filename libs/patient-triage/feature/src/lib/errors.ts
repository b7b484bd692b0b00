import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

export const triageErrorCodes = {
  /** No encounter with that id in the caller's tenant (another tenant's is not found either). */
  ENCOUNTER_NOT_FOUND: { httpStatus: 404, outcome: 'dead-letter', retryable: false },
  /** A clinician action on an encounter whose run has ended (disposition given, or triage failed). */
  ENCOUNTER_CLOSED: { httpStatus: 409, outcome: 'ack', retryable: false },
  /** An override or disposition before triage assigned a level: the floor is not known yet; retry shortly. */
  ENCOUNTER_NOT_ASSIGNED: { httpStatus: 409, outcome: 'ack', retryable: true },
  /** The encounter took `MAX_CLINICIAN_ACTIONS` overrides: its run takes only a disposition now. */
  ENCOUNTER_OVERRIDE_LIMIT: { httpStatus: 409, outcome: 'ack', retryable: false },
  /** The simulated EHR did not answer: the agent reports the record unavailable. */
  EHR_UNAVAILABLE: { httpStatus: 503, outcome: 'retry', retryable: true },
} as const satisfies ErrorCatalogue<string>;

export type TriageErrorCode = keyof typeof triageErrorCodes;

/** Raised on purpose by the Patient triage vertical. */
export class TriageError extends BatonError<TriageErrorCode> {
  constructor(code: TriageErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, triageErrorCodes[code], message, options);
  }
}

/** Type guard across package copies (no `instanceof`). */
export function isTriageError(value: unknown, code?: TriageErrorCode): value is TriageError {
  return isBatonError(value) && value.code in triageErrorCodes && (code === undefined || value.code === code);
}
