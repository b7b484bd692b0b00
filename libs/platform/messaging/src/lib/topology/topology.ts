import { MessagingError } from '../errors';

/**
 * RabbitMQ 3.x counts every return towards `x-delivery-limit` (nacks, channel closes, consumer
 * crashes) and has no default limit; 4.0 made 20 the default and 4.3 stopped counting nacks.
 * Baton always sets the limit explicitly and never below 20.
 */
export const MIN_DELIVERY_LIMIT = 20;

export interface TopologyOptions {
  /** The vertical, e.g. `loan`: prefixes every name. */
  readonly vertical: string;
  /**
   * Queue arguments cannot change on redeclare, so queue names carry this version: change an
   * argument, bump the version, and the new queues sit beside the old until they drain.
   */
  readonly version: number;
  /** Extra prefix, used by tests to isolate suites (`baton.test.<suite>`). */
  readonly namespace?: string;
  /** Patterns of `@MessagePattern` command handlers: one quorum queue each. */
  readonly commands: readonly string[];
  /** Named subscriptions of `@EventPattern` handlers: one quorum queue each, bound by pattern. */
  readonly events?: readonly string[];
  readonly deliveryLimit?: number;
}

/** One consuming queue, what feeds it, and where its dead letters go. */
export interface QueueSpec {
  readonly name: string;
  readonly kind: 'command' | 'event' | 'continuation';
  /** The handler pattern the queue serves (routing key on the command or event exchange). */
  readonly pattern: string;
  readonly exchange: string;
  readonly deadLetterQueue: string;
}

export interface Topology {
  readonly prefix: string;
  readonly commandExchange: string;
  readonly eventExchange: string;
  readonly deadLetterExchange: string;
  /** The vertical's shared queue for workflow continuations (replies of agents). */
  readonly replyQueue: string;
  /** The continuation queue as a consuming queue: delivery limit and dead-letter queue like the rest. */
  readonly continuation: QueueSpec;
  readonly deliveryLimit: number;
  readonly queues: readonly QueueSpec[];
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * The names and wiring of one vertical's exchanges and queues.
 *
 * @example
 * const topology = buildTopology({ vertical: 'loan', version: 1, commands: ['loan.kyc.check'], events: ['loan.decided'] });
 * topology.queues[0].name; // 'loan.v1.cmd.loan.kyc.check'
 */
export function buildTopology(options: TopologyOptions): Topology {
  const deliveryLimit = options.deliveryLimit ?? MIN_DELIVERY_LIMIT;
  if (!Number.isInteger(deliveryLimit) || deliveryLimit < MIN_DELIVERY_LIMIT) {
    throw new MessagingError(
      'INVALID_TOPOLOGY',
      `deliveryLimit must be an integer of at least ${MIN_DELIVERY_LIMIT}, got ${deliveryLimit}`,
    );
  }
  const prefix = options.namespace ? `${options.namespace}.${options.vertical}` : options.vertical;
  const versioned = `${prefix}.v${options.version}`;
  const commandExchange = `${prefix}.commands`;
  const eventExchange = `${prefix}.events`;
  const queue = (kind: 'command' | 'event', pattern: string, exchange: string): QueueSpec => {
    const name = `${versioned}.${kind === 'command' ? 'cmd' : 'evt'}.${pattern}`;
    return { name, kind, pattern, exchange, deadLetterQueue: `${name}.dlq` };
  };
  const topology: Topology = {
    prefix,
    commandExchange,
    eventExchange,
    deadLetterExchange: `${prefix}.dlx`,
    replyQueue: `${versioned}.replies`,
    continuation: {
      name: `${versioned}.replies`,
      kind: 'continuation',
      pattern: `${versioned}.replies`,
      exchange: '',
      deadLetterQueue: `${versioned}.replies.dlq`,
    },
    deliveryLimit,
    queues: [
      ...options.commands.map((pattern) => queue('command', pattern, commandExchange)),
      ...(options.events ?? []).map((pattern) => queue('event', pattern, eventExchange)),
    ],
  };
  const names = [
    topology.commandExchange,
    topology.eventExchange,
    topology.deadLetterExchange,
    topology.replyQueue,
    ...topology.queues.map((q) => q.name),
  ];
  const bad = names.filter((name) => !NAME.test(name));
  if (bad.length > 0)
    throw new MessagingError(
      'INVALID_TOPOLOGY',
      `names must be lowercase letters, digits, '.', '_' or '-': ${bad.join(', ')}`,
    );
  return topology;
}

/** The queue serving a handler pattern, if the topology has one. */
export function queueFor(topology: Topology, pattern: string): QueueSpec | undefined {
  return topology.queues.find((spec) => spec.pattern === pattern);
}

/** Arguments of a consuming quorum queue: bounded redelivery, at-least-once dead-lettering. */
export function consumingQueueArguments(topology: Topology, spec: QueueSpec): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-delivery-limit': topology.deliveryLimit,
    'x-dead-letter-exchange': topology.deadLetterExchange,
    'x-dead-letter-routing-key': spec.name,
    // At-least-once dead-lettering needs reject-publish overflow (RabbitMQ 3.10+).
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}
