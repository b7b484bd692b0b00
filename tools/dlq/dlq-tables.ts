import type { SyncMessage } from 'rabbitmq-client';
import { BATON_HEADERS, bodyText, decodeBody } from '@baton/messaging';
import { DeadLetter, header } from './dead-letter';
import type { QueueDepth } from './dlq-depths';

/** A Markdown table cell: pipes escaped, one line. */
function cell(value: string | undefined): string {
  return (value ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** An exchange name for people: AMQP's default exchange is the empty name. */
export function exchangeName(exchange: string | undefined): string {
  if (exchange === undefined) return '(unknown)';
  return exchange === '' ? '(default)' : exchange;
}

export function table(head: readonly string[], rows: readonly (readonly (string | undefined)[])[]): string {
  const line = (values: readonly (string | undefined)[]) => `| ${values.map(cell).join(' | ')} |`;
  return [line(head), `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** `list` without a queue: each dead-letter queue of the vertical and how many messages it holds. */
export function printDepths(vertical: string, depths: readonly QueueDepth[]): void {
  console.log(
    table(
      ['queue', 'messages'],
      depths.map((d) => [d.queue, d.messages === null ? 'absent' : String(d.messages)]),
    ),
  );
  const total = depths.reduce((sum, d) => sum + (d.messages ?? 0), 0);
  const absent = depths.filter((d) => d.messages === null).length;
  console.log(
    `\ndlq: ${total} message(s) in the ${depths.length} dead-letter queue(s) of ${vertical}` +
      (absent > 0 ? `, ${absent} absent (not declared yet)` : ''),
  );
}

export function printList(letters: readonly DeadLetter[]): void {
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

export function printShow(letters: readonly DeadLetter[]): void {
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
