import { isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
import { formatTraceparent, type Envelope } from '@baton/contracts';
import type { EntityManager } from 'typeorm';
import type { StatementParams } from '../sql/statement-params';

/** A message for the broker, as written to the outbox and handed to the publisher. */
export interface OutboxMessage {
  /** The envelope's id: consumers deduplicate on it through their inbox. */
  readonly messageId: string;
  readonly exchange: string;
  readonly routingKey: string;
  readonly envelope: Envelope;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Publishes one outbox message and resolves only once the broker has confirmed it; rejects if
 * it was not routed or not confirmed. The RabbitMQ adapter lives in `@baton/messaging`.
 */
export interface OutboxPublisher {
  publish(message: OutboxMessage): Promise<void>;
}

/** An outbox message for an envelope, routed by its type unless told otherwise. */
export function toOutboxMessage(
  envelope: Envelope,
  route: { exchange: string; routingKey?: string; headers?: Record<string, string> },
): OutboxMessage {
  return {
    messageId: envelope.id,
    exchange: route.exchange,
    routingKey: route.routingKey ?? envelope.type,
    envelope,
    headers: route.headers ?? {},
  };
}

/**
 * Writes messages to the outbox inside the caller's transaction, so they are published if and
 * only if the state change they describe commits.
 *
 * @example
 * await dataSource.transaction(async (tx) => {
 *   await events.append(runId, 'no_stream', [started], tx);
 *   await enqueueOutbox(tx, [toOutboxMessage(envelope, { exchange: 'loan.commands' })]);
 * });
 */
export async function enqueueOutbox(
  tx: EntityManager,
  messages: readonly OutboxMessage[],
  options: { dispatchAfterMs?: number } = {},
): Promise<number[]> {
  if (messages.length === 0) return [];
  const values: unknown[] = [];
  const rows = messages.map((message, index) => {
    values.push(
      message.messageId,
      message.exchange,
      message.routingKey,
      JSON.stringify(withActiveTraceparent(message.envelope)),
      JSON.stringify(message.headers),
    );
    const at = index * 5;
    const grace = `$${messages.length * 5 + 1}::int`;
    return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, now() + ${grace} * interval '1 millisecond')`;
  });
  // Rows a dispatcher publishes itself after the commit are left to relays only after a grace
  // period, measured on the database's clock (the one relays compare with).
  values.push(options.dispatchAfterMs ?? null);
  const inserted: Array<{ position: string }> = await tx.query(
    `INSERT INTO outbox (message_id, exchange, routing_key, envelope, headers, dispatch_after) VALUES ${rows.join(', ')} RETURNING position`,
    values,
  );
  return inserted.map((row) => Number(row.position));
}

/**
 * The outbox rows as a common table expression of a statement that also carries other writes
 * (see {@link StatementParams}): the rows go in only if the `guard` CTE returned rows. Envelopes
 * get the active span's `traceparent`, as with `enqueueOutbox`.
 *
 * @example const cte = outboxInsertCte(params, messages, { alias: 'baton_outbox', guard: 'baton_head' });
 */
export function outboxInsertCte(
  params: StatementParams,
  messages: readonly OutboxMessage[],
  options: { alias: string; guard: string; dispatchAfterMs?: number },
): string {
  const rows = messages.map(
    (message) =>
      `(${params.add(message.messageId, 'uuid')}, ${params.add(message.exchange, 'text')}, ${params.add(message.routingKey, 'text')}, ${params.add(JSON.stringify(withActiveTraceparent(message.envelope)), 'jsonb')}, ${params.add(JSON.stringify(message.headers), 'jsonb')})`,
  );
  const dispatchAfter =
    options.dispatchAfterMs === undefined
      ? 'NULL::timestamptz'
      : `now() + ${params.add(options.dispatchAfterMs, 'int')} * interval '1 millisecond'`;
  return `${options.alias} AS (INSERT INTO outbox (message_id, exchange, routing_key, envelope, headers, dispatch_after)
    SELECT o.message_id, o.exchange, o.routing_key, o.envelope, o.headers, ${dispatchAfter}
      FROM (VALUES ${rows.join(', ')}) AS o(message_id, exchange, routing_key, envelope, headers)
     WHERE EXISTS (SELECT 1 FROM ${options.guard}) RETURNING position)`;
}

/**
 * The envelope with the active span's `traceparent` when it has none: the relay publishes
 * later, outside this context, and continues the trace from the stored envelope. Uses
 * `@opentelemetry/api` only (a no-op until the process installs an SDK).
 *
 * @example await enqueueOutbox(tx, [toOutboxMessage(withActiveTraceparent(envelope), route)]);
 */
export function withActiveTraceparent(envelope: Envelope): Envelope {
  if (envelope.traceparent) return envelope;
  const span = trace.getActiveSpan()?.spanContext();
  if (!span || !isSpanContextValid(span)) return envelope;
  return {
    ...envelope,
    traceparent: formatTraceparent({
      traceId: span.traceId,
      spanId: span.spanId,
      sampled: (span.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
    }),
  };
}
