import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

export const messagingErrorCodes = {
  /** The broker returned the message: no queue is bound for its routing key. */
  UNROUTABLE: { httpStatus: 502, outcome: 'retry', retryable: false },
  /** The broker did not confirm the publish (nack, closed channel, lost connection). */
  PUBLISH_NOT_CONFIRMED: { httpStatus: 503, outcome: 'retry', retryable: true },
  /** No reply arrived within the request timeout. */
  REPLY_TIMEOUT: { httpStatus: 504, outcome: 'retry', retryable: true },
  /** The remote handler failed; its error code and message travel in the reply. */
  REMOTE_HANDLER_FAILED: { httpStatus: 502, outcome: 'dead-letter', retryable: false },
  /**
   * An agent refused work it cannot finish before the step's deadline (`x-baton-deadline`): the
   * engine takes the step's `onDeadline` edge, or fails it, but never retries it.
   */
  DEADLINE_UNREACHABLE: { httpStatus: 504, outcome: 'ack', retryable: false },
  /** The topology is malformed (a delivery limit below 20, a bad name). */
  INVALID_TOPOLOGY: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
} as const satisfies ErrorCatalogue<string>;

export type MessagingErrorCode = keyof typeof messagingErrorCodes;

/** Raised on purpose by the messaging library; see {@link messagingErrorCodes}. */
export class MessagingError extends BatonError<MessagingErrorCode> {
  constructor(code: MessagingErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, messagingErrorCodes[code], message, options);
  }
}

export function isMessagingError(value: unknown): value is MessagingError {
  return isBatonError(value) && value.code in messagingErrorCodes;
}
