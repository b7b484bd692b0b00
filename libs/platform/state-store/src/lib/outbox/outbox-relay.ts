import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Envelope } from '@baton/contracts';
import type { OutboxMessage, OutboxPublisher } from './outbox-message';

export interface OutboxRelayOptions {
  /** Rows claimed per batch. */
  readonly batchSize?: number;
  /**
   * How long a claimed batch stays reserved for this relay (default 5 s). A relay that dies
   * mid-batch leaves its rows to other relays once the lease lapses; one whose publishes hang
   * longer than this may see them published again by another (at least once).
   */
  readonly leaseMs?: number;
  /** Fallback poll when no notification arrives (a missed NOTIFY, a dropped listener). */
  readonly pollIntervalMs?: number;
  /** Called with every error the relay survives (a lost connection, a failed publish). */
  readonly onError?: (error: unknown) => void;
  /**
   * How long a sent row is kept before the relay deletes it (default 1 hour). Payloads can carry
   * personal data (agent commands name the applicant), which events encrypt but the outbox does
   * not: pruning bounds how long it stays, and keeps the table small.
   */
  readonly retainSentMs?: number;
}

/** Sent rows deleted per statement, and how often the relay prunes at most. */
const PRUNE_BATCH = 1_000;
const PRUNE_EVERY_MS = 60_000;

interface ClaimedRow {
  position: string;
  message_id: string;
  exchange: string;
  routing_key: string;
  envelope: Envelope;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows and marks each sent only after the broker confirmed it.
 * Several relays run at once: each claims a batch in one statement (`FOR UPDATE SKIP LOCKED`,
 * then reserved for `leaseMs` through `dispatch_after`, as `OutboxDispatcher` reserves its
 * own), publishes with no transaction open, and marks what the broker confirmed. Without
 * crashes every row is published once; a relay killed mid-batch leaves its rows unsent, and
 * another relay or its restart publishes them once the lease lapses: delivery is at least
 * once, and consumers deduplicate through their inbox. No transaction stays open while the
 * broker is slow or down (an open transaction would hold back `readAll` across the cluster).
 * Woken by LISTEN/NOTIFY on a channel named after the schema, with polling as the fallback.
 *
 * @example
 * const relay = new OutboxRelay(dataSource, rabbitPublisher);
 * await relay.start();
 * // ... on shutdown
 * await relay.stop();
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | null = null;
  private listener: Client | null = null;
  private wake: (() => void) | null = null;
  /** A notification that arrived mid-batch: the next sleep returns at once. */
  private notified = false;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly retainSentMs: number;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: OutboxPublisher,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.leaseMs = options.leaseMs ?? 5_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.onError = options.onError ?? (() => undefined);
    this.retainSentMs = options.retainSentMs ?? 3_600_000;
  }

  /** The NOTIFY channel of this data source's schema. */
  get channel(): string {
    return `baton_outbox_${(this.dataSource.options as { schema?: string }).schema ?? 'public'}`;
  }

  /** Starts relaying in the background until {@link stop}. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen().catch((error: unknown) => this.onError(error));
    this.loop = this.run();
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  /** Claims, publishes and marks one batch; returns how many rows were published. */
  async relayOnce(): Promise<number> {
    const rows: ClaimedRow[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE outbox SET dispatch_after = now() + $2 * interval '1 millisecond'
          WHERE position IN (
            SELECT position FROM outbox
             WHERE sent_at IS NULL AND (dispatch_after IS NULL OR dispatch_after <= now())
             ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING position, message_id, exchange, routing_key, envelope, headers)
       SELECT * FROM claimed ORDER BY position`,
      [this.batchSize, this.leaseMs],
    );
    if (rows.length === 0) return 0;
    const outcomes = await Promise.allSettled(rows.map((row) => this.publisher.publish(toMessage(row))));
    const sent = rows.filter((_row, index) => outcomes[index]?.status === 'fulfilled').map((row) => row.position);
    if (sent.length > 0) {
      await this.dataSource.query(
        'UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE position = ANY($1::bigint[]) AND sent_at IS NULL',
        [sent],
      );
    }
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') {
        this.onError(outcome.reason);
        // Released at once: the next pass tries it again, as it did when the claim was a transaction.
        await this.dataSource.query(
          'UPDATE outbox SET attempts = attempts + 1, last_error = $2, dispatch_after = NULL WHERE position = $1 AND sent_at IS NULL',
          [rows[index]?.position, String((outcome.reason as Error)?.message ?? outcome.reason).slice(0, 2000)],
        );
      }
    }
    return sent.length;
  }

  /** Relays until nothing is left; for tests and one-shot tools. */
  async drain(): Promise<number> {
    let total = 0;
    for (let published = await this.relayOnce(); published > 0; published = await this.relayOnce()) total += published;
    return total;
  }

  /**
   * Deletes rows sent longer ago than the retention, a batch at a time; returns how many. The
   * relay calls it about once a minute; unsent rows are never touched.
   *
   * @example await relay.pruneSent(); // rows sent over an hour ago are gone
   */
  async pruneSent(): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown[], number] = await this.dataSource.query(
        `DELETE FROM outbox WHERE position IN (
           SELECT position FROM outbox WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(secs => $1::float8 / 1000) LIMIT $2)`,
        [this.retainSentMs, PRUNE_BATCH],
      );
      total += deleted;
      if (deleted < PRUNE_BATCH) return total;
    }
  }

  /** Seconds since the oldest unsent row was written (0 when none): the outbox lag. */
  async lagSeconds(): Promise<number> {
    const rows: Array<{ lag: number | null }> = await this.dataSource.query(
      'SELECT EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS lag FROM outbox WHERE sent_at IS NULL',
    );
    return Math.max(0, rows[0]?.lag ?? 0);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.relayOnce();
        failures = 0;
        if (published === this.batchSize) continue;
      } catch (error) {
        // A lost connection or a restarting database: back off, then carry on.
        this.onError(error);
        failures += 1;
      }
      if (!this.listener && this.running) await this.listen().catch((error: unknown) => this.onError(error));
      if (this.running && Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = Date.now();
        await this.pruneSent().catch((error: unknown) => this.onError(error));
      }
      const backoff = failures === 0 ? this.pollIntervalMs : Math.min(this.pollIntervalMs * 2 ** failures, 10_000);
      await this.sleep(backoff);
    }
  }

  private async listen(): Promise<void> {
    const options = this.dataSource.options as { url?: string; extra?: { connectionTimeoutMillis?: number } };
    const client = new Client({
      connectionString: options.url,
      connectionTimeoutMillis: options.extra?.connectionTimeoutMillis ?? 10_000,
    });
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    client.on('error', (error) => {
      this.onError(error);
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.listener = client;
  }

  private sleep(ms: number): Promise<void> {
    if (this.notified || !this.running) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        this.notified = false;
        done();
      };
    });
  }
}

function toMessage(row: ClaimedRow): OutboxMessage {
  return {
    messageId: row.message_id,
    exchange: row.exchange,
    routingKey: row.routing_key,
    envelope: row.envelope,
    headers: row.headers,
  };
}
