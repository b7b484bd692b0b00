import { DataSource, EntityManager } from 'typeorm';
import { RequestInProgressError, StateStoreError } from '../errors';

/** A value that survives `JSON.stringify` and a jsonb round trip unchanged in meaning. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

/** Identifies one idempotent HTTP command: the key is scoped by tenant and route. */
export interface IdempotentRequest {
  readonly tenantId: string;
  readonly route: string;
  /** The client's `Idempotency-Key` header. */
  readonly key: string;
  /** {@link requestHash} of the request: the same key with another body is refused. */
  readonly requestHash: string;
}

/** The response a handler produced, stored for replay. */
export interface IdempotentResponse<T extends JsonValue> {
  readonly status: number;
  readonly body: T;
}

export interface IdempotentResult<T extends JsonValue> extends IdempotentResponse<T> {
  /** True when this is a stored response from an earlier request with the same key. */
  readonly replayed: boolean;
}

export interface IdempotencyStoreOptions {
  /** How long a key is remembered; a request after that runs again. Default 24 h. */
  readonly ttlMs?: number;
  /**
   * How long a running request holds its key before another may take it over (the first
   * process is presumed dead). Longer than any handler should run. Default 60 s.
   */
  readonly leaseMs?: number;
  /** The clock for leases and expiry (tests inject one). Default `new Date()`. */
  readonly now?: () => Date;
}

/** A row of `idempotency_keys` as `pg` returns it. */
interface KeyRow {
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: JsonValue;
  locked_until: Date | null;
  expires_at: Date;
}

const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_LEASE_MS = 60 * 1000;
/** A key can change under us between statements (expired, released, taken over): look again, a few times. */
const MAX_ATTEMPTS = 3;
const WHERE_KEY = 'tenant_id = $1 AND route = $2 AND key = $3';

/**
 * Idempotency keys for HTTP commands, with Stripe's semantics: the first request with a key
 * runs and its response is stored; a retry with the same key and body gets that response back
 * (`replayed: true`); the same key with another body is refused (`IDEMPOTENCY_KEY_REUSED`, 409);
 * a retry while the first still runs gets {@link RequestInProgressError} (409, Retry-After).
 *
 * Requests that fail validation must be rejected before {@link IdempotencyStore.execute}, so
 * nothing is stored for them and a corrected request may reuse the key. A handler that throws
 * stores nothing either: the key is released and the next request runs.
 *
 * @example
 * const store = new IdempotencyStore(dataSource);
 * const result = await store.execute(
 *   { tenantId, route: 'POST /loan-applications', key: headers['idempotency-key'], requestHash: requestHash({ method, route, body }) },
 *   async (tx) => ({ status: 201, body: await applications.submit(body, tx) }),
 * );
 * response.status(result.status).header('Idempotent-Replayed', String(result.replayed)).send(result.body);
 */
export class IdempotencyStore {
  private readonly ttlMs: number;
  private readonly leaseMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    options: IdempotencyStoreOptions = {},
  ) {
    this.ttlMs = positive('ttlMs', options.ttlMs ?? DEFAULT_TTL_MS);
    this.leaseMs = positive('leaseMs', options.leaseMs ?? DEFAULT_LEASE_MS);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Runs `handler` at most once per key (tenant, route, key) within the TTL, or replays its
   * stored response. The handler gets a transaction; the stored response commits in that same
   * transaction, so a stored response always has its state change and vice versa. Effects
   * outside `manager` (HTTP calls, files) are not covered: put messages in the outbox.
   *
   * The replayed body is the JSON round trip of the original (jsonb may reorder object keys).
   *
   * @throws StateStoreError `IDEMPOTENCY_KEY_REUSED` when the key came with another request.
   * @throws RequestInProgressError while the first request with the key is still running.
   * @example
   * const { status, body, replayed } = await store.execute(request, async (tx) => ({ status: 201, body: { id } }));
   */
  async execute<T extends JsonValue>(
    request: IdempotentRequest,
    handler: (manager: EntityManager) => Promise<IdempotentResponse<T>>,
  ): Promise<IdempotentResult<T>> {
    return this.claimAndRun(request, (lease) => this.run(request, lease, handler));
  }

  /**
   * Like {@link IdempotencyStore.execute}, for a handler whose effect is itself idempotent (it
   * writes under ids derived from the request, so running it twice changes nothing): the key is
   * a lease, not a transaction. No connection is held while the handler runs (it may take its
   * own, as many as it needs, without starving the pool under load), and the response is stored
   * with one fenced statement afterwards. If the process dies in between, a retry after the
   * lease runs the handler again, which finds its own earlier effect.
   *
   * @example
   * await store.executeLeased(request, async () => {
   *   await engine.start('loan.underwrite', input, { idempotencyKey: derivedId, tenantId }); // a second start finds the run
   *   return { status: 202, body: { applicationId: derivedId } };
   * });
   */
  async executeLeased<T extends JsonValue>(
    request: IdempotentRequest,
    handler: () => Promise<IdempotentResponse<T>>,
  ): Promise<IdempotentResult<T>> {
    return this.claimAndRun(request, (lease) => this.runLeased(request, lease, handler));
  }

  private async claimAndRun<T extends JsonValue>(
    request: IdempotentRequest,
    run: (lease: Date) => Promise<IdempotentResult<T>>,
  ): Promise<IdempotentResult<T>> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const now = this.now();
      const claimed = await this.claim(request, now);
      if (claimed) return run(claimed);

      const row = await this.find(request);
      // The holder failed and released the key between our insert and select: claim it again.
      if (!row) continue;
      if (row.expires_at.getTime() <= now.getTime()) {
        await this.dataSource.query(`DELETE FROM idempotency_keys WHERE ${WHERE_KEY} AND expires_at <= $4`, [
          ...keyOf(request),
          now,
        ]);
        continue;
      }
      if (row.request_hash !== request.requestHash) {
        throw new StateStoreError(
          'IDEMPOTENCY_KEY_REUSED',
          `idempotency key "${request.key}" was already used for ${request.route} with a different request`,
        );
      }
      if (row.state === 'completed') {
        return { status: Number(row.response_status), body: row.response_body as T, replayed: true };
      }
      if (row.locked_until !== null && row.locked_until.getTime() > now.getTime()) {
        throw new RequestInProgressError(retryAfterSeconds(row.locked_until.getTime() - now.getTime()));
      }
      const takenOver = await this.takeOver(request, now);
      if (takenOver) return run(takenOver);
      // Another caller took it over, or the first holder just completed: look again.
    }
    // The key kept changing under us: a busy key, so retrying shortly is the right answer.
    throw new RequestInProgressError(1);
  }

  /**
   * Deletes expired keys (by the store's clock) and returns how many. Run it periodically;
   * correctness does not depend on it, as an expired key is replaced on next use.
   *
   * @example setInterval(() => void store.purgeExpired(), 3600_000);
   */
  async purgeExpired(): Promise<number> {
    // TypeORM returns [rows, rowCount] for DELETE.
    const [, deleted]: [unknown[], number] = await this.dataSource.query(
      'DELETE FROM idempotency_keys WHERE expires_at <= $1',
      [this.now()],
    );
    return deleted;
  }

  /**
   * Inserts the key as in progress, committed on its own so concurrent duplicates see it at
   * once. Returns the lease, which doubles as a fencing token for later writes, or null.
   */
  private async claim(request: IdempotentRequest, now: Date): Promise<Date | null> {
    const lease = new Date(now.getTime() + this.leaseMs);
    const inserted: Array<{ key: string }> = await this.dataSource.query(
      `INSERT INTO idempotency_keys (tenant_id, route, key, request_hash, state, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, 'in_progress', $5, $6) ON CONFLICT DO NOTHING RETURNING key`,
      [...keyOf(request), request.requestHash, lease, new Date(now.getTime() + this.ttlMs)],
    );
    return inserted.length > 0 ? lease : null;
  }

  /** Takes over an in-progress key whose lease ran out; the condition makes one taker win. */
  private async takeOver(request: IdempotentRequest, now: Date): Promise<Date | null> {
    const lease = new Date(now.getTime() + this.leaseMs);
    const [, updated]: [unknown[], number] = await this.dataSource.query(
      `UPDATE idempotency_keys SET locked_until = $5
       WHERE ${WHERE_KEY} AND request_hash = $4 AND state = 'in_progress' AND (locked_until IS NULL OR locked_until <= $6)`,
      [...keyOf(request), request.requestHash, lease, now],
    );
    return updated === 1 ? lease : null;
  }

  private async find(request: IdempotentRequest): Promise<KeyRow | null> {
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT request_hash, state, response_status, response_body, locked_until, expires_at FROM idempotency_keys WHERE ${WHERE_KEY}`,
      keyOf(request),
    );
    return rows[0] ?? null;
  }

  private async run<T extends JsonValue>(
    request: IdempotentRequest,
    lease: Date,
    handler: (manager: EntityManager) => Promise<IdempotentResponse<T>>,
  ): Promise<IdempotentResult<T>> {
    try {
      const response = await this.dataSource.transaction(async (manager) => {
        const produced = await handler(manager);
        // Fenced by our lease: if another process took the key over (we outlived the lease),
        // nothing matches and the handler's work rolls back, so only one run ever commits.
        const updated = await complete(manager, request, produced, lease);
        if (updated !== 1) throw new RequestInProgressError(retryAfterSeconds(this.leaseMs));
        return produced;
      });
      return { status: response.status, body: response.body, replayed: false };
    } catch (error) {
      await this.release(request, lease);
      throw error;
    }
  }

  private async runLeased<T extends JsonValue>(
    request: IdempotentRequest,
    lease: Date,
    handler: () => Promise<IdempotentResponse<T>>,
  ): Promise<IdempotentResult<T>> {
    let produced: IdempotentResponse<T>;
    try {
      produced = await handler();
    } catch (error) {
      await this.release(request, lease);
      throw error;
    }
    // Fenced by our lease. If another process took the key over meanwhile, its run of the same
    // idempotent handler stores the same response; ours is still the right answer to give.
    await complete(this.dataSource.manager, request, produced, lease);
    return { status: produced.status, body: produced.body, replayed: false };
  }

  /**
   * Releases the key so the client can retry; fenced so a new holder's key is never deleted. A
   * failed release only delays the retry until the lease ends; the handler's error matters more.
   */
  private async release(request: IdempotentRequest, lease: Date): Promise<void> {
    await this.dataSource
      .query(`DELETE FROM idempotency_keys WHERE ${WHERE_KEY} AND state = 'in_progress' AND locked_until = $4`, [
        ...keyOf(request),
        lease,
      ])
      .catch(() => undefined);
  }
}

/** Stores the response under the key, fenced by the holder's lease; returns the rows updated (1, or 0 when the lease was lost). */
async function complete(
  manager: EntityManager,
  request: IdempotentRequest,
  produced: IdempotentResponse<JsonValue>,
  lease: Date,
): Promise<number> {
  const [, updated]: [unknown[], number] = await manager.query(
    `UPDATE idempotency_keys SET state = 'completed', response_status = $4, response_body = $5, locked_until = NULL
     WHERE ${WHERE_KEY} AND state = 'in_progress' AND locked_until = $6`,
    [...keyOf(request), produced.status, JSON.stringify(produced.body), lease],
  );
  return updated;
}

function keyOf(request: IdempotentRequest): [string, string, string] {
  return [request.tenantId, request.route, request.key];
}

/** Whole seconds, rounded up and at least 1: a Retry-After of 0 invites a busy loop. */
function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number of milliseconds (got ${value})`);
  return value;
}
