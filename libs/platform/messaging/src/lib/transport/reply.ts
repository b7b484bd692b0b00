import { z } from 'zod';

/**
 * The body of a reply to a request: the handler's validated envelope, or its error. A terminal
 * error is an answer, not a dead letter: the caller decides what it means.
 */
export const replySchema = z.union([
  z.strictObject({ ok: z.literal(true), envelope: z.unknown() }),
  z.strictObject({
    ok: z.literal(false),
    error: z.strictObject({ code: z.string(), message: z.string(), retryable: z.boolean() }),
  }),
]);
export type Reply = z.infer<typeof replySchema>;
