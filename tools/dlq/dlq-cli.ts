// npm run dlq -- list [--vertical <short>] | list|show|replay <queue> [messageId]
// `list` alone counts the messages in every dead-letter queue of the vertical (its topology under
// BROKER_NAMESPACE, default the vertical's), a queue not declared yet shown as absent. With a
// queue, inspects that consuming queue's dead-letter queue (`<queue>.dlq`) and replays its
// messages to where they were first published, once the cause is fixed. `list` and `show` leave
// every message in place; `replay` acks a dead-letter copy only after the broker confirmed its
// republication. Exits 1 when anything fails, 2 on bad usage.
import { AMQPError, Connection, SyncMessage } from 'rabbitmq-client';
import { assertReachable, loadConfig, platformEnvSchema, rabbitmqDependency, redactUrl } from '@baton/config';
import { resolveVertical } from '../verticals';
import { readToolVertical, runTool, ToolVertical } from '../vertical-tool';
import { readDeadLetter } from './dead-letter';
import { deadLetterQueues, queueDepths } from './dlq-depths';
import { replay, returnUnsettled, takeAll } from './dlq-messages';
import { DLQ_USAGE, MessagesRequest, parseDlqRequest } from './dlq-request';
import { printDepths, printList, printShow } from './dlq-tables';

/** `list` without a queue: each dead-letter queue of the vertical and its depth; always exit 0. */
async function listQueues(connection: Connection, { vertical, config }: ToolVertical): Promise<number> {
  const queues = deadLetterQueues(vertical.topology(config.BROKER_NAMESPACE));
  printDepths(vertical.name, await queueDepths(connection, queues));
  return 0;
}

/** Runs one request on one dead-letter queue; resolves to the exit code. */
async function runOnQueue(connection: Connection, request: MessagesRequest): Promise<number> {
  const channel = await connection.acquire();
  let messages: SyncMessage[] = [];
  let acked = new Set<number>();
  try {
    try {
      messages = await takeAll(channel, request.queue);
    } catch (error) {
      if (error instanceof AMQPError && error.code === 'NOT_FOUND') {
        console.error(`dlq: no queue ${request.queue}`);
        return 1;
      }
      throw error;
    }
    const all = messages.map(readDeadLetter);
    const letters =
      request.messageId === undefined ? all : all.filter((l) => l.message.messageId === request.messageId);
    if (request.messageId !== undefined && letters.length === 0) {
      console.error(`dlq: no message ${request.messageId} among the ${all.length} in ${request.queue}`);
      return 1;
    }
    if (request.command === 'list') printList(letters);
    if (request.command === 'show') printShow(letters);
    if (request.command !== 'replay') {
      console.log(`\ndlq: ${letters.length} message(s) in ${request.queue}, left in place`);
      return 0;
    }
    const result = await replay(connection, channel, letters);
    acked = result.acked;
    console.log(
      `\ndlq: replayed ${acked.size} of ${letters.length} message(s) from ${request.queue}, ${result.failed} failed`,
    );
    return result.failed > 0 ? 1 : 0;
  } finally {
    returnUnsettled(channel, messages, acked);
    await channel.close();
  }
}

/** Runs `work` on a connection to the broker, closed afterwards; resolves to its exit code. */
async function withBroker(url: string, work: (connection: Connection) => Promise<number>): Promise<number> {
  await assertReachable([rabbitmqDependency(url)]);
  const connection = new Connection({ url, connectionName: 'baton:dlq-cli', retryLow: 100, retryHigh: 1000 });
  connection.on('error', (error: unknown) =>
    console.error(`dlq: ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`),
  );
  try {
    await connection.onConnect(10_000);
    return await work(connection);
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const request = parseDlqRequest(process.argv.slice(2));
  if (!request) {
    console.error(DLQ_USAGE);
    process.exitCode = 2;
    return;
  }
  if (request.command === 'queues') {
    const target = readToolVertical(request.vertical);
    process.exitCode = await withBroker(target.config.RABBITMQ_URL, (connection) => listQueues(connection, target));
    return;
  }
  // A named queue needs no vertical (its name says whose it is), but a vertical named must exist.
  if (request.vertical !== undefined) resolveVertical(request.vertical);
  const { RABBITMQ_URL: url } = loadConfig(platformEnvSchema.pick({ RABBITMQ_URL: true }));
  process.exitCode = await withBroker(url, (connection) => runOnQueue(connection, request));
}

void runTool(main);
