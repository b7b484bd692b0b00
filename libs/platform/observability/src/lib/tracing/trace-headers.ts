import {
  Context,
  context,
  ROOT_CONTEXT,
  Span,
  trace,
  TraceFlags,
  createTraceState,
  isSpanContextValid,
} from '@opentelemetry/api';
import { traceHeaderCodec, TraceContext } from '@baton/contracts';

/**
 * The W3C headers (`traceparent`, `tracestate`) of a span, or of the active span: put them on
 * an outgoing HTTP request or message so the receiver continues the trace. Empty when no span
 * is recording (no SDK installed, or none active).
 *
 * @example await fetch(url, { headers: { ...traceHeaders(), 'content-type': 'application/json' } });
 */
export function traceHeaders(span: Span | undefined = trace.getActiveSpan()): Record<string, string> {
  const spanContext = span?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  const traceState = spanContext.traceState?.serialize();
  const traceContext: TraceContext = {
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    sampled: (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
    ...(traceState ? { traceState } : {}),
  };
  return traceHeaderCodec.encode(traceContext);
}

/**
 * The context a receiver continues from incoming headers (HTTP or AMQP): the remote span as
 * parent. A missing or malformed `traceparent` yields `base` (a new trace starts) rather than
 * an error.
 *
 * @example
 * const parent = contextFromTraceHeaders(request.headers);
 * await context.with(parent, () => handle(request));
 */
export function contextFromTraceHeaders(
  headers: Readonly<Record<string, unknown>> | undefined,
  base: Context = ROOT_CONTEXT,
): Context {
  const remote = traceHeaderCodec.decode(firstValues(headers));
  if (!remote) return base;
  return trace.setSpanContext(base, {
    traceId: remote.traceId,
    spanId: remote.spanId,
    traceFlags: remote.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
    ...(remote.traceState ? { traceState: createTraceState(remote.traceState) } : {}),
  });
}

/** Trace and span id of the active span, for log lines; empty when none is recording. */
export function activeTraceIds(active: Context = context.active()): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getSpanContext(active);
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

// Node's HTTP headers may repeat (string[]); the first traceparent is the one to honour.
function firstValues(headers: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> | undefined {
  if (!headers) return undefined;
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value[0] : value]),
  );
}
