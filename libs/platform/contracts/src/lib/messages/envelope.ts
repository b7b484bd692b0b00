import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { traceparentSchema } from '../shared/trace-context';
import { instantSchema } from '../shared/common';

/** `vertical.aggregate.event-name`: dotted lowercase segments. */
export const messageTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'must be dotted lowercase, e.g. loan.application.received');

export const actorSchema = z.strictObject({
  kind: z.enum(['user', 'service', 'system']),
  id: z.string().min(1).max(200),
});
export type Actor = z.infer<typeof actorSchema>;

/** Everything in an envelope except the payload. */
export const envelopeHeaderSchema = z.strictObject({
  /** UUID v7: unique, and sortable by creation time. */
  id: z.uuid({ version: 'v7' }),
  type: messageTypeSchema,
  schemaVersion: z.int().positive(),
  /** Shared by every message of one business transaction. */
  correlationId: z.string().min(1).max(200),
  /** The id of the message that caused this one; null for the first of a transaction. */
  causationId: z.string().min(1).max(200).nullable(),
  /** The key a consumer deduplicates effects on. */
  idempotencyKey: z.string().min(1).max(400),
  tenantId: z.string().min(1).max(100),
  actor: actorSchema,
  occurredAt: instantSchema,
  traceparent: traceparentSchema.nullable(),
});
export type EnvelopeHeader = z.infer<typeof envelopeHeaderSchema>;

/** A message on the bus or in the outbox: header fields plus a typed payload. */
export type Envelope<Payload = unknown> = EnvelopeHeader & { readonly payload: Payload };

/** The strict zod schema of an envelope around `payload`. */
export function envelopeSchema<P extends z.ZodType>(payload: P) {
  return envelopeHeaderSchema.extend({ payload });
}

/** What a sender supplies; id and occurredAt default to a fresh UUID v7 and now. */
export interface EnvelopeMeta {
  readonly correlationId: string;
  readonly causationId?: string | null;
  readonly idempotencyKey?: string;
  readonly tenantId: string;
  readonly actor: Actor;
  readonly traceparent?: string | null;
  readonly id?: string;
  readonly occurredAt?: string;
}

/** Header fields for a new message, filling defaults from meta. */
export function newEnvelopeHeader(type: string, schemaVersion: number, meta: EnvelopeMeta): EnvelopeHeader {
  const id = meta.id ?? uuidv7();
  return {
    id,
    type,
    schemaVersion,
    correlationId: meta.correlationId,
    causationId: meta.causationId ?? null,
    idempotencyKey: meta.idempotencyKey ?? id,
    tenantId: meta.tenantId,
    actor: meta.actor,
    occurredAt: meta.occurredAt ?? new Date().toISOString(),
    traceparent: meta.traceparent ?? null,
  };
}

/** A fresh UUID v7. */
export function newMessageId(): string {
  return uuidv7();
}

/**
 * The meta of a reply to `request`: same transaction and tenant, caused by the request, sent by
 * the service `agent`. Every agent answers this way.
 *
 * @example return KycChecked.create(result, replyMetaFor(envelope, 'loan.kyc'));
 */
export function replyMetaFor(
  request: Pick<EnvelopeHeader, 'correlationId' | 'id' | 'tenantId'>,
  agent: string,
): EnvelopeMeta {
  return {
    correlationId: request.correlationId,
    causationId: request.id,
    tenantId: request.tenantId,
    actor: { kind: 'service', id: agent },
  };
}
