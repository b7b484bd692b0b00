import type { SyncMessage } from 'rabbitmq-client';
import { z } from 'zod';
import { BATON_HEADERS, decodeBody } from '@baton/messaging';

/** One dead-lettered message and what its headers say about how it got there. */
export interface DeadLetter {
  readonly message: SyncMessage;
  readonly id: string;
  readonly type: string;
  /** A Baton error code (`CONTRACT_VIOLATION`) or the broker's reason (`delivery_limit`). */
  readonly reason: string;
  readonly deadLetteredAt: string;
  readonly origin: { readonly exchange?: string; readonly routingKey?: string; readonly queue?: string };
  /** The `x-baton-error` header: Baton's explanation, with contract issues if any. */
  readonly detail?: z.infer<typeof errorDetailSchema>;
  /** The broker's `x-death` entries, most recent first. */
  readonly deaths: readonly Death[];
}

const errorDetailSchema = z.object({
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), rule: z.string(), message: z.string().optional() })).default([]),
});

const deathSchema = z
  .object({
    reason: z.string(),
    queue: z.string(),
    exchange: z.string(),
    'routing-keys': z.array(z.string()),
    count: z.number(),
    time: z.number(),
  })
  .partial();
export type Death = z.infer<typeof deathSchema>;

/** Headers describing a dead-lettering, removed before a replay so the copy starts clean. */
const DEAD_LETTER_HEADERS = new Set<string>([
  BATON_HEADERS.errorCode,
  BATON_HEADERS.error,
  BATON_HEADERS.originalExchange,
  BATON_HEADERS.originalRoutingKey,
  BATON_HEADERS.originalQueue,
  BATON_HEADERS.deadLetteredAt,
  'x-death',
  'x-delivery-count',
]);
const BROKER_DEATH_HEADER = /^x-(first|last)-death-/;

/** A header as text, or undefined when absent. */
export function header(message: SyncMessage, name: string): string | undefined {
  const value: unknown = message.headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

/** The envelope type in a JSON body, if the body is an object with a string `type`. */
function bodyType(message: SyncMessage): string | undefined {
  const decoded = decodeBody(message.body);
  if (!decoded.ok || typeof decoded.value !== 'object' || decoded.value === null) return undefined;
  const type: unknown = (decoded.value as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

/** Reads what a dead-lettered message's headers say: Baton's `x-baton-*` first, else `x-death`. */
export function readDeadLetter(message: SyncMessage): DeadLetter {
  const deaths = z.array(deathSchema).safeParse(message.headers?.['x-death']);
  const death: Death | undefined = deaths.success ? deaths.data[0] : undefined;
  const error = header(message, BATON_HEADERS.error);
  let detail: DeadLetter['detail'];
  if (error !== undefined) {
    try {
      const parsed = errorDetailSchema.safeParse(JSON.parse(error));
      detail = parsed.success ? parsed.data : { message: error, issues: [] };
    } catch {
      detail = { message: error, issues: [] };
    }
  }
  const code = header(message, BATON_HEADERS.errorCode);
  const baton = code !== undefined;
  return {
    message,
    id: message.messageId ?? '(none)',
    type: header(message, BATON_HEADERS.messageType) ?? bodyType(message) ?? '(unknown)',
    reason: code ?? death?.reason ?? '(unknown)',
    deadLetteredAt:
      header(message, BATON_HEADERS.deadLetteredAt) ??
      (death?.time !== undefined ? new Date(death.time * 1000).toISOString() : '(unknown)'),
    origin: baton
      ? {
          exchange: header(message, BATON_HEADERS.originalExchange),
          routingKey: header(message, BATON_HEADERS.originalRoutingKey),
          queue: header(message, BATON_HEADERS.originalQueue),
        }
      : { exchange: death?.exchange, routingKey: death?.['routing-keys']?.[0], queue: death?.queue },
    detail,
    deaths: deaths.success ? deaths.data : [],
  };
}

/** The message's headers without the traces of its dead-lettering. */
export function replayHeaders(message: SyncMessage): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!DEAD_LETTER_HEADERS.has(name) && !BROKER_DEATH_HEADER.test(name)) headers[name] = value;
  }
  return headers;
}
