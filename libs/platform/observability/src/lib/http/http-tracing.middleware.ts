import { Injectable, NestMiddleware } from '@nestjs/common';
import { context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BATON_TRACER } from '../tracing/spans';
import { spanAttributes } from '../tracing/span-attributes';
import { contextFromTraceHeaders } from '../tracing/trace-headers';
import { contextWithCorrelationId } from '../logging/create-logger';

/** What Express adds to a request once routed. */
interface ExpressRequestFields {
  route?: { path?: string };
  baseUrl?: string;
}

const requestSpans = new WeakMap<object, Span>();

/** The SERVER span of a request, for log serialisers that run outside its context. */
export function requestSpan(request: object): Span | undefined {
  return requestSpans.get(request);
}

/**
 * A SERVER span per HTTP request, continuing the caller's `traceparent`, named by method and
 * route template (`GET /applications/:id`, never the concrete URL) and ended when the response
 * is finished. The rest of the request runs inside it, with `x-correlation-id` in the context.
 */
@Injectable()
export class HttpTracingMiddleware implements NestMiddleware {
  use(request: IncomingMessage & ExpressRequestFields, response: ServerResponse, next: () => void): void {
    const parent = contextFromTraceHeaders(request.headers, context.active());
    const span = trace
      .getTracer(BATON_TRACER)
      .startSpan(
        `${request.method ?? 'HTTP'}`,
        { kind: SpanKind.SERVER, attributes: spanAttributes({ httpMethod: request.method ?? 'GET' }) },
        parent,
      );
    requestSpans.set(request, span);
    response.once('finish', () => {
      const route = request.route?.path;
      if (route)
        span
          .updateName(`${request.method} ${request.baseUrl ?? ''}${route}`)
          .setAttributes(spanAttributes({ httpRoute: `${request.baseUrl ?? ''}${route}` }));
      span.setAttributes(spanAttributes({ httpStatus: response.statusCode }));
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    const correlationId = request.headers['x-correlation-id'];
    const active = trace.setSpan(parent, span);
    const bounded = typeof correlationId === 'string' && correlationId.length > 0 && correlationId.length <= 200;
    context.with(bounded ? contextWithCorrelationId(active, correlationId) : active, () => next());
  }
}
