import type { Connection, SyncMessage } from 'rabbitmq-client';

/**
 * The next message on `queue` (taken with `basicGet`, acked), waiting for one to arrive: for
 * tests that check what a component published, when it publishes after the moment the test
 * can observe (a dispatch right after a commit, a dead-letter after a retry). Throws naming
 * the queue if nothing arrives within `timeoutMs`.
 *
 * @example const reply = await nextMessage(connection, topology.replyQueue);
 */
export async function nextMessage(connection: Connection, queue: string, timeoutMs = 15_000): Promise<SyncMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = await connection.basicGet({ queue, noAck: true });
    if (message) return message;
    if (Date.now() > deadline) throw new Error(`nothing arrived on ${queue} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
