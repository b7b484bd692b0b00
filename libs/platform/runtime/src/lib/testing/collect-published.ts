import { performance } from 'node:perf_hooks';
import type { Connection } from 'rabbitmq-client';
import type { Envelope, MessageDefinition, PayloadOf } from '@baton/contracts';
import { queueFor, type Topology } from '@baton/messaging';

/** A message as it first arrived: when (`performance.now()`), and its payload. */
export interface Arrived<P> {
  readonly at: number;
  readonly payload: P;
}

/** What {@link collectPublished} gathers, keyed as the caller asked (an application or encounter id). */
export interface PublishedCollector<P> {
  /** Every distinct envelope id seen per key (a redelivery carries the same id). */
  readonly eventIds: Map<string, Set<string>>;
  /** The latest payload per key. */
  readonly latest: Map<string, P>;
  /** Waits for the key's first message and says when it arrived; rejects after `timeoutMs`. */
  next(key: string, timeoutMs?: number): Promise<Arrived<P>>;
  close(): Promise<void>;
}

/**
 * Consumes one published event from the vertical's own queue for it, as a downstream system
 * would, for tests, benches and demos that time a submission to the moment its outcome reached
 * the bus. The queue must exist (the topology declared); it is read passively.
 *
 * @example
 * const assigned = collectPublished(connection, vertical.topology, TriageAssigned, (payload) => payload.encounterId);
 * const { at, payload } = await assigned.next('E-1001');
 */
export function collectPublished<D extends MessageDefinition>(
  connection: Connection,
  topology: Topology,
  message: D,
  keyOf: (payload: PayloadOf<D>) => string,
): PublishedCollector<PayloadOf<D>> {
  type P = PayloadOf<D>;
  const latest = new Map<string, P>();
  const eventIds = new Map<string, Set<string>>();
  const arrived = new Map<string, Arrived<P>>();
  const waiting = new Map<string, Array<(first: Arrived<P>) => void>>();
  const queue = queueFor(topology, message.type)?.name;
  if (!queue) throw new Error(`the topology has no queue for ${message.type}`);
  const consumer = connection.createConsumer(
    { queue, queueOptions: { passive: true }, qos: { prefetchCount: 256 } },
    (delivery) => {
      const at = performance.now();
      const envelope = JSON.parse(
        Buffer.isBuffer(delivery.body) ? delivery.body.toString() : JSON.stringify(delivery.body),
      ) as Envelope<P>;
      const key = keyOf(envelope.payload);
      latest.set(key, envelope.payload);
      eventIds.set(key, (eventIds.get(key) ?? new Set<string>()).add(envelope.id));
      // The first arrival is the one that counts for timing; redeliveries carry the same event.
      if (!arrived.has(key)) arrived.set(key, { at, payload: envelope.payload });
      const first = arrived.get(key) as Arrived<P>;
      for (const resolve of waiting.get(key) ?? []) resolve(first);
      waiting.delete(key);
    },
  );
  // An ack on a channel that closed under it (the stack stopping with a delivery in hand) must not
  // crash the driver: the broker redelivers, and a message that never comes fails its `next`.
  consumer.on('error', () => undefined);
  const next = (key: string, timeoutMs = 20_000): Promise<Arrived<P>> => {
    const known = arrived.get(key);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${message.type} for ${key} in ${timeoutMs} ms`)), timeoutMs);
      waiting.set(key, [
        ...(waiting.get(key) ?? []),
        (first) => {
          clearTimeout(timer);
          resolve(first);
        },
      ]);
    });
  };
  return { eventIds, latest, next, close: () => consumer.close() };
}
