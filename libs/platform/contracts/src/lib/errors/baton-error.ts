/** What a message consumer does with a message whose handling raised this error. */
export type MessagingOutcome = 'ack' | 'retry' | 'dead-letter';

/** How one error code maps onto HTTP and messaging, and whether trying again can help. */
export interface ErrorCodeSpec {
  readonly httpStatus: number;
  readonly outcome: MessagingOutcome;
  readonly retryable: boolean;
}

/** A closed set of error codes for one library, each with its mapping. */
export type ErrorCatalogue<Code extends string> = Readonly<Record<Code, ErrorCodeSpec>>;

const BATON_ERROR = Symbol.for('baton.error');

/**
 * Base of every error a Baton library raises on purpose. Each library defines one subclass
 * over its own closed catalogue of codes. Recognise them with {@link isBatonError} rather than
 * `instanceof`, which fails across two installed copies of a package.
 *
 * @example
 * const codes = { STREAM_NOT_FOUND: { httpStatus: 404, outcome: 'dead-letter', retryable: false } } as const;
 * class StoreError extends BatonError<keyof typeof codes> {}
 * throw new StoreError('STREAM_NOT_FOUND', codes.STREAM_NOT_FOUND, 'stream loan-1 does not exist');
 */
export class BatonError<Code extends string = string> extends Error {
  readonly [BATON_ERROR] = true;
  readonly httpStatus: number;
  readonly outcome: MessagingOutcome;
  readonly retryable: boolean;

  constructor(
    readonly code: Code,
    spec: ErrorCodeSpec,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.httpStatus = spec.httpStatus;
    this.outcome = spec.outcome;
    this.retryable = spec.retryable;
  }
}

/** True for any {@link BatonError}, from whichever copy of the package raised it. */
export function isBatonError(value: unknown): value is BatonError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BATON_ERROR] === true;
}
