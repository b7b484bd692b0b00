import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { isSpanContextValid } from '@opentelemetry/api';
import { batonPinoOptions, BatonLoggerOptions } from './create-logger';
import { requestSpan } from '../http/http-tracing.middleware';

/**
 * nestjs-pino parameters with Baton's pino options (redaction, trace and correlation ids).
 * Request lines get the request's trace id and `x-correlation-id` even when written after the
 * request's context has ended (pino-http logs on `finish`).
 *
 * @example LoggerModule.forRoot(batonLoggerParams({ service: 'loan-api', level: config.LOG_LEVEL }));
 */
export function batonLoggerParams(options: BatonLoggerOptions): Params {
  const pinoHttp = {
    ...batonPinoOptions(options),
    customProps: (request: IncomingMessage) => requestLogContext(request),
  };
  return { pinoHttp: options.destination ? [pinoHttp, options.destination as DestinationStream] : pinoHttp };
}

function requestLogContext(request: IncomingMessage): Record<string, string> {
  const fields: Record<string, string> = {};
  const spanContext = requestSpan(request)?.spanContext();
  if (spanContext && isSpanContextValid(spanContext))
    Object.assign(fields, { trace_id: spanContext.traceId, span_id: spanContext.spanId });
  const correlationId = request.headers['x-correlation-id'];
  if (typeof correlationId === 'string' && correlationId.length <= 200) fields['correlationId'] = correlationId;
  return fields;
}
