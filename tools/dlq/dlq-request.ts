import { parseArgs } from 'node:util';

export const DLQ_USAGE =
  'usage: npm run dlq -- list [--vertical <short>] | list <queue> | show <queue> [messageId] | replay <queue> [messageId]';

/** `list` with no queue: every dead-letter queue of the vertical, with its message count. */
export interface QueuesRequest {
  readonly command: 'queues';
  readonly vertical?: string;
}

/** One dead-letter queue's messages. `queue` is already the dead-letter queue's name. */
export interface MessagesRequest {
  readonly command: 'list' | 'show' | 'replay';
  readonly queue: string;
  readonly messageId?: string;
  readonly vertical?: string;
}

/** What the operator asked for. */
export type DlqRequest = QueuesRequest | MessagesRequest;

/**
 * Parses the arguments; null when they do not form a command. A consuming queue's name stands
 * for its dead-letter queue (`<queue>.dlq`).
 *
 * @example parseDlqRequest(['show', 'loan.v1.cmd.loan.kyc.check-requested']) // { command: 'show', queue: '….dlq' }
 */
export function parseDlqRequest(args: readonly string[]): DlqRequest | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { vertical: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch {
    return null;
  }
  const { vertical } = parsed.values;
  const [command, queue, messageId, ...rest] = parsed.positionals;
  if (rest.length > 0) return null;
  if (command !== 'list' && command !== 'show' && command !== 'replay') return null;
  if (command === 'list' && messageId !== undefined) return null;
  if (!queue) return command === 'list' ? { command: 'queues', vertical } : null;
  return { command, queue: queue.endsWith('.dlq') ? queue : `${queue}.dlq`, messageId, vertical };
}
