import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { Context, context, propagation } from '@opentelemetry/api';
import { activeTraceIds } from '../tracing/trace-headers';
import { DEFAULT_REDACT_PATHS, REDACTED } from './redaction';

/**
 * The baggage entry carrying a transaction's correlation id through the active context; the
 * messaging consumer sets it from the envelope, {@link withCorrelationId} from anything else.
 */
export const CORRELATION_BAGGAGE_KEY = 'baton.correlation_id';

export interface BatonLoggerOptions {
  /** `service` on every line: the app and role. */
  readonly service: string;
  readonly level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Extra redact paths, added to {@link DEFAULT_REDACT_PATHS}. */
  readonly redact?: readonly string[];
  /** Where lines go; stdout by default. Tests pass a stream they read back. */
  readonly destination?: DestinationStream;
}

/**
 * pino options shared by {@link createLogger} and the Nest logger module: JSON lines with
 * `service`, the active span's `trace_id`/`span_id`, the transaction's `correlationId`, and
 * personal fields replaced by `[redacted]` before the line is written.
 */
export function batonPinoOptions(options: Omit<BatonLoggerOptions, 'destination'>): LoggerOptions {
  return {
    level: options.level ?? 'info',
    base: { service: options.service },
    redact: { paths: [...DEFAULT_REDACT_PATHS, ...(options.redact ?? [])], censor: REDACTED },
    mixin: () => logContext(),
  };
}

/**
 * A structured logger for library and worker code outside Nest's DI.
 *
 * @example
 * const logger = createLogger({ service: 'loan-worker', level: config.LOG_LEVEL });
 * logger.info({ applicant: { email } }, 'application received'); // email is written as [redacted]
 */
export function createLogger(options: BatonLoggerOptions): Logger {
  const pinoOptions = batonPinoOptions(options);
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

/**
 * Runs `work` with a correlation id in the active context, so every log line inside it carries it.
 *
 * @example await withCorrelationId(envelope.correlationId, () => handle(envelope));
 */
export function withCorrelationId<T>(correlationId: string, work: () => T): T {
  return context.with(contextWithCorrelationId(context.active(), correlationId), work);
}

/** `base` with the correlation id in its baggage. */
export function contextWithCorrelationId(base: Context, correlationId: string): Context {
  const baggage = (propagation.getBaggage(base) ?? propagation.createBaggage()).setEntry(CORRELATION_BAGGAGE_KEY, {
    value: correlationId,
  });
  return propagation.setBaggage(base, baggage);
}

/** The fields mixed into every log line from the active context. */
export function logContext(): Record<string, string> {
  const correlationId = propagation.getActiveBaggage()?.getEntry(CORRELATION_BAGGAGE_KEY)?.value;
  return { ...activeTraceIds(), ...(correlationId ? { correlationId } : {}) };
}
