import { z } from 'zod';

/** A W3C trace context (https://www.w3.org/TR/trace-context/), as carried in message headers. */
export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
  /** Vendor state, passed through untouched. */
  readonly traceState?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZERO = /^0+$/;

/** A `traceparent` header value of version 00. */
export const traceparentSchema = z
  .string()
  .regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'must be a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)');

/**
 * Reads a `traceparent` header. Returns null for anything the W3C rules say to ignore (bad
 * shape, version ff, all-zero ids, extra fields on version 00), so a bad header starts a new
 * trace instead of failing a message.
 *
 * @example parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')?.sampled // true
 */
export function parseTraceparent(header: string | undefined, traceState?: string): TraceContext | null {
  if (!header) return null;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return null;
  const [, version, traceId, spanId, flags, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return null;
  const sampled = (parseInt(flags, 16) & 1) === 1;
  return traceState ? { traceId, spanId, sampled, traceState } : { traceId, spanId, sampled };
}

/** Writes a version-00 `traceparent` header value. */
export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.sampled ? '01' : '00'}`;
}

/** Header names used on the bus and over HTTP. */
export const TRACE_HEADERS = { parent: 'traceparent', state: 'tracestate' } as const;

/**
 * Encodes a trace context into message headers and back.
 *
 * @example
 * const headers = traceHeaderCodec.encode(context);
 * const again = traceHeaderCodec.decode(headers); // equal to context
 */
export const traceHeaderCodec = {
  encode(context: TraceContext): Record<string, string> {
    const headers: Record<string, string> = { [TRACE_HEADERS.parent]: formatTraceparent(context) };
    if (context.traceState) headers[TRACE_HEADERS.state] = context.traceState;
    return headers;
  },
  decode(headers: Readonly<Record<string, unknown>> | undefined): TraceContext | null {
    const parent = headers?.[TRACE_HEADERS.parent];
    const state = headers?.[TRACE_HEADERS.state];
    return parseTraceparent(
      typeof parent === 'string' ? parent : undefined,
      typeof state === 'string' ? state : undefined,
    );
  },
};
