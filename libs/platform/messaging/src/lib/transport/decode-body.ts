import type { MessageBody } from 'rabbitmq-client';

/** The JSON value of a message body, or an error saying why it is not JSON. */
export function decodeBody(body: MessageBody): { ok: true; value: unknown } | { ok: false; reason: string } {
  // rabbitmq-client parses application/json bodies itself and leaves a Buffer when it cannot.
  if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return { ok: true, value: body };
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${(error as Error).message}` };
  }
}

/** The body as text, for dead-letter queues and tools. */
export function bodyText(body: MessageBody): string {
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return typeof body === 'string' ? body : JSON.stringify(body);
}
