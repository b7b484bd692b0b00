import {
  Context,
  context,
  createTraceState,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { parseTraceparent, TRACE_HEADERS, traceHeaderCodec } from '@baton/contracts';
import { BATON_HEADERS } from '../publishing/message-headers';

// Instrumented with @opentelemetry/api alone: a no-op until the process installs an SDK
// (`setupTracing` of @baton/observability), which also keeps this library free of exporters.
const tracer = () => trace.getTracer('baton.messaging');

/** The baggage entry `@baton/observability` reads a log line's correlation id from. */
const CORRELATION_BAGGAGE_KEY = 'baton.correlation_id';

/**
 * The context a `traceparent` (and `tracestate`) continues: the remote span as parent, or
 * `base` when the value is missing or malformed (a new trace starts rather than a message failing).
 *
 * @example context.with(contextFromTraceparent(envelope.traceparent), () => publish());
 */
export function contextFromTraceparent(
  traceparent: string | null | undefined,
  tracestate?: string,
  base: Context = ROOT_CONTEXT,
): Context {
  const remote = parseTraceparent(traceparent ?? undefined, tracestate);
  if (!remote) return base;
  return trace.setSpanContext(base, {
    traceId: remote.traceId,
    spanId: remote.spanId,
    traceFlags: remote.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
    ...(remote.traceState ? { traceState: createTraceState(remote.traceState) } : {}),
  });
}

/**
 * Publishes inside a PRODUCER span, a child of the active span (or, when none is active, of
 * the `traceparent` already in `headers`), and hands `send` the headers with that span's
 * `traceparent` so the consumer continues the trace from it.
 */
export async function publishInSpan<T>(
  target: { exchange: string; routingKey: string; messageId: string },
  headers: Readonly<Record<string, unknown>>,
  send: (headers: Record<string, unknown>) => Promise<T>,
): Promise<T> {
  const active = context.active();
  const parent = trace.getSpan(active) ? active : contextFromHeaders(headers, active);
  const destination = target.exchange || target.routingKey;
  const span = tracer().startSpan(
    `publish ${destination}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.operation': 'publish',
        'messaging.destination.name': destination,
        'messaging.rabbitmq.destination.routing_key': target.routingKey,
        'messaging.message.id': target.messageId,
      },
    },
    parent,
  );
  const outgoing: Record<string, unknown> = { ...headers };
  const spanContext = span.spanContext();
  if (isSpanContextValid(spanContext)) {
    const traceState = spanContext.traceState?.serialize();
    delete outgoing[TRACE_HEADERS.state];
    Object.assign(
      outgoing,
      traceHeaderCodec.encode({
        traceId: spanContext.traceId,
        spanId: spanContext.spanId,
        sampled: (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
        ...(traceState ? { traceState } : {}),
      }),
    );
  }
  try {
    return await context.with(trace.setSpan(parent, span), () => send(outgoing));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode(error) });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs a consumer inside a CONSUMER span continuing the producer's `traceparent` header, with
 * the message's correlation id in the context's baggage for log lines. `outcome` names what
 * became of the message (ack, requeue ...) on the span.
 */
export async function consumeInSpan<T>(
  queue: string,
  message: { messageId?: string; headers?: Readonly<Record<string, unknown>> },
  consume: () => Promise<T>,
  outcome: (result: T) => string = String,
): Promise<T> {
  let parent = contextFromHeaders(message.headers, ROOT_CONTEXT);
  const correlationId = message.headers?.[BATON_HEADERS.correlationId];
  if (typeof correlationId === 'string') {
    parent = propagation.setBaggage(
      parent,
      (propagation.getBaggage(parent) ?? propagation.createBaggage()).setEntry(CORRELATION_BAGGAGE_KEY, {
        value: correlationId,
      }),
    );
  }
  const span = tracer().startSpan(
    `process ${queue}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.operation': 'process',
        'messaging.destination.name': queue,
        ...(message.messageId ? { 'messaging.message.id': message.messageId } : {}),
      },
    },
    parent,
  );
  try {
    const result = await context.with(trace.setSpan(parent, span), consume);
    span.setAttribute('baton.messaging.outcome', outcome(result));
    return result;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode(error) });
    throw error;
  } finally {
    span.end();
  }
}

function contextFromHeaders(headers: Readonly<Record<string, unknown>> | undefined, base: Context): Context {
  const parent = headers?.[TRACE_HEADERS.parent];
  const state = headers?.[TRACE_HEADERS.state];
  return contextFromTraceparent(
    typeof parent === 'string' ? parent : undefined,
    typeof state === 'string' ? state : undefined,
    base,
  );
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : ((error as { name?: string } | null)?.name ?? 'Error');
}
