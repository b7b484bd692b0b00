import { Envelope, traceHeaderCodec, parseTraceparent } from '@baton/contracts';

/** AMQP header names Baton sets on every message. */
export const BATON_HEADERS = {
  correlationId: 'x-correlation-id',
  causationId: 'x-causation-id',
  messageType: 'x-message-type',
  schemaVersion: 'x-schema-version',
  tenantId: 'x-tenant-id',
  errorCode: 'x-baton-error-code',
  error: 'x-baton-error',
  originalExchange: 'x-baton-original-exchange',
  originalRoutingKey: 'x-baton-original-routing-key',
  originalQueue: 'x-baton-original-queue',
  deadLetteredAt: 'x-baton-dead-lettered-at',
  /** A workflow command's continuation queue: the agent replies there through its outbox. */
  replyTo: 'x-baton-reply-to',
} as const;

/**
 * Headers carrying an envelope's correlation, causation and W3C trace context, so brokers,
 * tools and tracers can read them without parsing the body.
 */
export function envelopeHeaders(envelope: Envelope): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    [BATON_HEADERS.correlationId]: envelope.correlationId,
    [BATON_HEADERS.messageType]: envelope.type,
    [BATON_HEADERS.schemaVersion]: envelope.schemaVersion,
    [BATON_HEADERS.tenantId]: envelope.tenantId,
  };
  if (envelope.causationId) headers[BATON_HEADERS.causationId] = envelope.causationId;
  const trace = parseTraceparent(envelope.traceparent ?? undefined);
  if (trace) Object.assign(headers, traceHeaderCodec.encode(trace));
  return headers;
}
