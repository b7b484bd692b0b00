import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

export const configErrorCodes = {
  INVALID_CONFIGURATION: { httpStatus: 500, outcome: 'retry', retryable: false },
  DEPENDENCY_UNREACHABLE: { httpStatus: 503, outcome: 'retry', retryable: true },
} as const satisfies ErrorCatalogue<string>;

export type ConfigErrorCode = keyof typeof configErrorCodes;

/** A process cannot start: bad configuration, or a service it needs does not answer. */
export class ConfigError extends BatonError<ConfigErrorCode> {
  constructor(code: ConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, configErrorCodes[code], message, options);
  }
}

/** True for a {@link ConfigError}, across package copies. */
export function isConfigError(value: unknown): value is ConfigError {
  return isBatonError(value) && value.code in configErrorCodes;
}
