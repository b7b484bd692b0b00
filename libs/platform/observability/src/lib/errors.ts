import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

export const observabilityErrorCodes = {
  INVALID_KPI_QUERY: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
  KPI_NOT_CONFIGURED: { httpStatus: 404, outcome: 'dead-letter', retryable: false },
} as const satisfies ErrorCatalogue<string>;

export type ObservabilityErrorCode = keyof typeof observabilityErrorCodes;

/** One invalid field of a request, named for the caller. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** Raised by the observability library; `issues` names each invalid field. */
export class ObservabilityError extends BatonError<ObservabilityErrorCode> {
  constructor(
    code: ObservabilityErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(code, observabilityErrorCodes[code], message);
  }
}

/** True for an {@link ObservabilityError}, across package copies. */
export function isObservabilityError(value: unknown): value is ObservabilityError {
  return (
    isBatonError(value) && value.code in observabilityErrorCodes && Array.isArray((value as ObservabilityError).issues)
  );
}
