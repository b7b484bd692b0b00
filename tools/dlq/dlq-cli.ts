// npm run dlq -- list|show|replay <queue> [messageId]
// Inspects a consuming queue's dead-letter queue (`<queue>.dlq`) and replays its messages to
// where they were first published, once the cause is fixed. `list` and `show` leave every
// message in place; `replay` acks a dead-letter copy only after the broker confirmed its
// republication. Exits 1 when anything fails, 2 on bad usage.
import { randomUUID } from 'node:crypto';
import { AMQPError, Channel, Connection, SyncMessage } from 'rabbitmq-client';
import { z } from 'zod';
import { assertReachable, loadConfig, platformEnvSchema, rabbitmqDependency, redactUrl, runMain } from '@baton/config';
import { BATON_HEADERS, bodyText, ConfirmedPublisher, decodeBody } from '@baton/messaging';

const USAGE = 'usage: npm run dlq -- list <queue> | show <queue> [messageId] | replay <queue> [messageId]';

/** What the operator asked for. `queue` is already the dead-letter queue's name. */
interface Request {
  readonly command: 'list' | 'show' | 'replay';
  readonly queue: string;
  readonly messageId?: string;
}

/** One dead-lettered message and what its headers say about how it got there. */
interface DeadLetter {
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
type Death = z.infer<typeof deathSchema>;

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

/** Parses the arguments; null when they do not form a command. */
function parseRequest(args: readonly string[]): Request | null {
  const [command, queue, messageId, ...rest] = args;
  if (!queue || rest.length > 0) return null;
  if (command !== 'list' && command !== 'show' && command !== 'replay') return null;
  if (command === 'list' && messageId !== undefined) return null;
  return { command, queue: queue.endsWith('.dlq') ? queue : `${queue}.dlq`, messageId };
}

/** A header as text, or undefined when absent. */
function header(message: SyncMessage, name: string): string | undefined {
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
function readDeadLetter(message: SyncMessage): DeadLetter {
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

/**
 * Takes up to the queue's current message count without acking, so a message put back is never
 * read twice. The caller settles each one or leaves it to {@link returnUnsettled}.
 */
async function takeAll(channel: Channel, queue: string): Promise<SyncMessage[]> {
  const { messageCount } = await channel.queueDeclare({ queue, passive: true });
  const messages: SyncMessage[] = [];
  for (let taken = 0; taken < messageCount; taken++) {
    const message = await channel.basicGet({ queue, noAck: false });
    if (!message) break;
    messages.push(message);
  }
  return messages;
}

/** Puts back every message not acked. Nack rather than reject: RabbitMQ 4.3+ then leaves the delivery count alone. */
function returnUnsettled(channel: Channel, messages: readonly SyncMessage[], acked: ReadonlySet<number>): void {
  if (!channel.active) return;
  for (const message of messages) {
    if (!acked.has(message.deliveryTag))
      channel.basicNack({ deliveryTag: message.deliveryTag, requeue: true, multiple: false });
  }
}

/** A Markdown table cell: pipes escaped, one line. */
function cell(value: string | undefined): string {
  return (value ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** An exchange name for people: AMQP's default exchange is the empty name. */
function exchangeName(exchange: string | undefined): string {
  if (exchange === undefined) return '(unknown)';
  return exchange === '' ? '(default)' : exchange;
}

function table(head: readonly string[], rows: readonly (readonly (string | undefined)[])[]): string {
  const line = (values: readonly (string | undefined)[]) => `| ${values.map(cell).join(' | ')} |`;
  return [line(head), `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

function list(letters: readonly DeadLetter[]): void {
  console.log(
    table(
      ['message id', 'type', 'reason', 'dead-lettered at', 'original exchange', 'original routing key'],
      letters.map((l) => [
        l.id,
        l.type,
        l.reason,
        l.deadLetteredAt,
        exchangeName(l.origin.exchange),
        l.origin.routingKey ?? '(unknown)',
      ]),
    ),
  );
}

/** The body as a fenced block: pretty printed when it is JSON, as text otherwise. */
function prettyBody(message: SyncMessage): string {
  const decoded = decodeBody(message.body);
  const [language, text] = decoded.ok
    ? ['json', JSON.stringify(decoded.value, null, 2)]
    : ['text', bodyText(message.body)];
  return [`\`\`\`${language}`, text, '```'].join('\n');
}

function show(letters: readonly DeadLetter[]): void {
  for (const l of letters) {
    console.log(`\n## ${l.id}\n`);
    console.log(
      table(
        ['field', 'value'],
        [
          ['type', l.type],
          ['reason', l.reason],
          ['dead-lettered at', l.deadLetteredAt],
          ['original exchange', exchangeName(l.origin.exchange)],
          ['original routing key', l.origin.routingKey ?? '(unknown)'],
          ['original queue', l.origin.queue ?? '(unknown)'],
          ['correlation id', l.message.correlationId ?? header(l.message, BATON_HEADERS.correlationId) ?? '(none)'],
        ],
      ),
    );
    if (l.detail) {
      console.log(`\nreason: ${l.detail.message}`);
      if (l.detail.issues.length > 0)
        console.log(
          `\n${table(
            ['path', 'rule', 'message'],
            l.detail.issues.map((i) => [i.path, i.rule, i.message ?? '']),
          )}`,
        );
    }
    if (l.deaths.length > 0) {
      const rows = l.deaths.map((d) => [
        d.reason,
        d.queue,
        d.exchange === undefined ? undefined : exchangeName(d.exchange),
        d['routing-keys']?.join(', '),
        String(d.count ?? ''),
        d.time !== undefined ? new Date(d.time * 1000).toISOString() : '',
      ]);
      console.log(`\nx-death:\n\n${table(['reason', 'queue', 'exchange', 'routing keys', 'count', 'time'], rows)}`);
    }
    console.log(`\nbody:\n\n${prettyBody(l.message)}`);
  }
}

/** The message's headers without the traces of its dead-lettering. */
function replayHeaders(message: SyncMessage): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!DEAD_LETTER_HEADERS.has(name) && !BROKER_DEATH_HEADER.test(name)) headers[name] = value;
  }
  return headers;
}

/**
 * Republishes each message to its original exchange and routing key (confirmed, mandatory) and
 * acks its dead-letter copy only after the confirm. Returns the delivery tags acked and whether
 * every replay succeeded.
 */
async function replay(
  connection: Connection,
  channel: Channel,
  letters: readonly DeadLetter[],
): Promise<{ acked: Set<number>; failed: number }> {
  const publisher = new ConfirmedPublisher(connection);
  const acked = new Set<number>();
  const rows: string[][] = [];
  try {
    for (const l of letters) {
      const { exchange, routingKey } = l.origin;
      try {
        if (exchange === undefined || routingKey === undefined)
          throw new Error('original exchange and routing key unknown (no x-baton-original-* or x-death headers)');
        await publisher.publish({
          exchange,
          routingKey,
          messageId: l.message.messageId ?? randomUUID(),
          correlationId: l.message.correlationId,
          body: bodyText(l.message.body),
          headers: replayHeaders(l.message),
        });
        channel.basicAck({ deliveryTag: l.message.deliveryTag });
        acked.add(l.message.deliveryTag);
        rows.push([l.id, exchangeName(exchange), routingKey, 'replayed']);
      } catch (error) {
        rows.push([
          l.id,
          exchangeName(exchange),
          routingKey ?? '(unknown)',
          `failed: ${error instanceof Error ? error.message : String(error)}`,
        ]);
      }
    }
  } finally {
    await publisher.close();
  }
  console.log(table(['message id', 'exchange', 'routing key', 'result'], rows));
  return { acked, failed: letters.length - acked.size };
}

/** Runs one request on an open connection; resolves to the exit code. */
async function run(connection: Connection, request: Request): Promise<number> {
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
    if (request.command === 'list') list(letters);
    if (request.command === 'show') show(letters);
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

async function main(): Promise<void> {
  const request = parseRequest(process.argv.slice(2));
  if (!request) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const { RABBITMQ_URL: url } = loadConfig(platformEnvSchema.pick({ RABBITMQ_URL: true }));
  await assertReachable([rabbitmqDependency(url)]);
  const connection = new Connection({ url, connectionName: 'baton:dlq-cli', retryLow: 100, retryHigh: 1000 });
  connection.on('error', (error: unknown) =>
    console.error(`dlq: ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`),
  );
  try {
    await connection.onConnect(10_000);
    process.exitCode = await run(connection, request);
  } finally {
    await connection.close();
  }
}

void runMain(main);
