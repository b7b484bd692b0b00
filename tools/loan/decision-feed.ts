import { performance } from 'node:perf_hooks';
import type { Connection, Consumer } from 'rabbitmq-client';
import type { Envelope, PayloadOf } from '@baton/contracts';
import { LoanDecided } from '@baton/loan-underwriting-contracts';
import { queueFor, Topology } from '@baton/messaging';

export type Decision = PayloadOf<typeof LoanDecided>;

/** A decision as it arrived: when (`performance.now()`), and what it said. */
export interface ArrivedDecision {
  readonly at: number;
  readonly decision: Decision;
}

/**
 * `LoanDecided` consumed from the vertical's decision queue, as a downstream system would, with
 * the moment each arrived: the bench and the demo time applications from submit to this event,
 * never by polling the API.
 *
 * @example
 * const feed = await DecisionFeed.start(connection, loanTopology());
 * const { at, decision } = await feed.next(applicationId);
 */
export class DecisionFeed {
  private readonly arrived = new Map<string, ArrivedDecision>();
  private readonly waiting = new Map<string, Array<(arrived: ArrivedDecision) => void>>();

  private constructor(private readonly consumer: Consumer) {}

  static async start(connection: Connection, topology: Topology): Promise<DecisionFeed> {
    const queue = queueFor(topology, LoanDecided.type)?.name;
    if (!queue) throw new Error('the topology has no queue for LoanDecided');
    let feed: DecisionFeed | null = null;
    const pending: ArrivedDecision[] = [];
    const consumer = connection.createConsumer({ queue, queueOptions: { passive: true }, qos: { prefetchCount: 256 } }, async (message) => {
      const at = performance.now();
      const body = Buffer.isBuffer(message.body) ? message.body.toString() : JSON.stringify(message.body);
      const arrived = { at, decision: (JSON.parse(body) as Envelope<Decision>).payload };
      if (feed) feed.record(arrived);
      else pending.push(arrived);
    });
    feed = new DecisionFeed(consumer);
    for (const arrived of pending) feed.record(arrived);
    return feed;
  }

  /** The application's decision: at once if it already arrived, else when it does (or the timeout). */
  next(applicationId: string, timeoutMs = 60_000): Promise<ArrivedDecision> {
    const known = this.arrived.get(applicationId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no LoanDecided for ${applicationId} within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiting.get(applicationId) ?? [];
      list.push((arrived) => {
        clearTimeout(timer);
        resolve(arrived);
      });
      this.waiting.set(applicationId, list);
    });
  }

  /** Every decision seen so far, by application. */
  get decisions(): ReadonlyMap<string, ArrivedDecision> {
    return this.arrived;
  }

  async close(): Promise<void> {
    await this.consumer.close();
  }

  private record(arrived: ArrivedDecision): void {
    const id = arrived.decision.applicationId;
    // Redeliveries carry the same decision: the first arrival is the one that counts.
    if (!this.arrived.has(id)) this.arrived.set(id, arrived);
    for (const resolve of this.waiting.get(id) ?? []) resolve(this.arrived.get(id) as ArrivedDecision);
    this.waiting.delete(id);
  }
}
