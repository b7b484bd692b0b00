import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { openStateStore } from '../database/state-store-data-source';
import { RequestInProgressError } from '../errors';
import { IdempotencyStore, IdempotentRequest, IdempotentResult } from './idempotency-store';
import { requestHash } from './request-hash';

const HOUR = 3600_000;

/** Gates still shut; opened after each test so a failed test leaves no transaction hanging. */
const gates: Array<() => void> = [];

/** A promise the test settles by hand, to hold a handler mid-run. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  gates.push(open);
  return { promise, open };
}

describe('IdempotencyStore (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  /** The store's clock, moved by tests; starts at real time so rows look ordinary. */
  let clock: Date;
  let store: IdempotencyStore;

  beforeAll(async () => {
    db = await createIsolatedSchema('idempotency store');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 25 });
    // The handler's state change: one row per run, so a second run is visible as a count.
    await db.pool.query('CREATE TABLE side_effects (key text NOT NULL, run integer NOT NULL)');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });
  afterEach(() => gates.splice(0).forEach((open) => open()));
  beforeEach(async () => {
    await db.pool.query('TRUNCATE side_effects, idempotency_keys');
    clock = new Date();
    store = new IdempotencyStore(dataSource, { now: () => clock });
  });

  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  const requestFor = (key: string, body: unknown, overrides: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
    tenantId: 'tenant-a',
    route: 'POST /loan-applications',
    key,
    requestHash: requestHash({ method: 'POST', route: overrides.route ?? 'POST /loan-applications', body }),
    ...overrides,
  });
  let runs = 0;
  /** A handler that records its run in the same transaction and answers 201 with the run number. */
  const handlerFor =
    (key: string, hold?: Promise<void>) =>
    async (manager: EntityManager): Promise<{ status: number; body: { run: number; key: string } }> => {
      const run = ++runs;
      await manager.query('INSERT INTO side_effects (key, run) VALUES ($1, $2)', [key, run]);
      if (hold) await hold;
      return { status: 201, body: { run, key } };
    };
  const sideEffects = async (key: string) =>
    (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM side_effects WHERE key = $1', [key])).rows[0]
      ?.n ?? 0;
  /** Leaves an in-progress key whose lease has run out, as a process that died mid-request would. */
  const abandon = async (request: IdempotentRequest) => {
    await db.pool.query(
      `INSERT INTO idempotency_keys (tenant_id, route, key, request_hash, state, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, 'in_progress', $5, $6)`,
      [
        request.tenantId,
        request.route,
        request.key,
        request.requestHash,
        new Date(clock.getTime() - 1),
        new Date(clock.getTime() + HOUR),
      ],
    );
  };
  const lockedUntil = async (key: string) =>
    (
      await db.pool.query<{ locked_until: Date | null }>('SELECT locked_until FROM idempotency_keys WHERE key = $1', [
        key,
      ])
    ).rows[0]?.locked_until?.getTime() ?? 0;
  const keyRows = async (key: string) =>
    (await db.pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rowCount;

  it('replays the stored response for the same key and body, running the handler once', async () => {
    const key = randomUUID();
    const request = requestFor(key, { amount: 5000 });
    const first = await store.execute(request, handlerFor(key));
    const second = await store.execute(request, handlerFor(key));
    expect(first).toEqual({ status: 201, body: { run: first.body.run, key }, replayed: false });
    expect(second).toEqual({ ...first, replayed: true });
    expect(await sideEffects(key)).toBe(1);
  });

  it('refuses the same key with another body: 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const key = randomUUID();
    await store.execute(requestFor(key, { amount: 5000 }), handlerFor(key));
    const reused = store.execute(requestFor(key, { amount: 9000 }), handlerFor(key));
    await expect(reused).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', httpStatus: 409 });
    expect(await sideEffects(key)).toBe(1);
  });

  it('scopes keys by tenant and by route', async () => {
    const key = randomUUID();
    const body = { amount: 5000 };
    const results = [
      await store.execute(requestFor(key, body), handlerFor(key)),
      await store.execute(requestFor(key, body, { tenantId: 'tenant-b' }), handlerFor(key)),
      await store.execute(requestFor(key, body, { route: 'POST /loan-offers' }), handlerFor(key)),
    ];
    expect(results.map((result) => result.replayed)).toEqual([false, false, false]);
    expect(await sideEffects(key)).toBe(3);
  });

  it('stores nothing when the handler throws, so the next request runs', async () => {
    const key = randomUUID();
    const request = requestFor(key, { amount: 5000 });
    const failing = store.execute(request, async (manager) => {
      await handlerFor(key)(manager);
      throw new Error('scoring service unavailable');
    });
    await expect(failing).rejects.toThrow('scoring service unavailable');
    expect(await keyRows(key)).toBe(0);
    expect(await sideEffects(key)).toBe(0);

    const retried = await store.execute(request, handlerFor(key));
    expect(retried.replayed).toBe(false);
    expect(await sideEffects(key)).toBe(1);
  });

  it('answers a duplicate while the first still runs with RequestInProgressError, then replays', async () => {
    const key = randomUUID();
    const request = requestFor(key, { amount: 5000 });
    const hold = gate();
    const first = store.execute(request, handlerFor(key, hold.promise));
    await waitFor(async () => (await keyRows(key)) === 1);

    const duplicate = await store.execute(request, handlerFor(key)).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(RequestInProgressError);
    expect(duplicate).toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS', httpStatus: 409 });
    // The store clock is frozen, so the whole 60 s lease remains.
    expect((duplicate as RequestInProgressError).retryAfterSeconds).toBe(60);

    hold.open();
    expect((await first).replayed).toBe(false);
    expect((await store.execute(request, handlerFor(key))).replayed).toBe(true);
    expect(await sideEffects(key)).toBe(1);
  });

  it('runs the handler exactly once for twenty concurrent requests with one key', async () => {
    const key = randomUUID();
    const request = requestFor(key, { amount: 5000 });
    const slowHandler = async (manager: EntityManager) => {
      const result = await handlerFor(key)(manager);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return result;
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => store.execute(request, slowHandler)));

    const executed = outcomes.filter(
      (o): o is PromiseFulfilledResult<IdempotentResult<{ run: number; key: string }>> =>
        o.status === 'fulfilled' && !o.value.replayed,
    );
    const replayed = outcomes.filter((o) => o.status === 'fulfilled' && o.value.replayed);
    const inProgress = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof RequestInProgressError);
    expect(executed).toHaveLength(1);
    expect(replayed.length + inProgress.length).toBe(19);
    for (const outcome of replayed) expect(outcome).toMatchObject({ value: { ...executed[0]?.value, replayed: true } });
    expect(await sideEffects(key)).toBe(1);
  });

  it('runs again once the key expired (TTL elapsed on the store clock)', async () => {
    const key = randomUUID();
    const request = requestFor(key, { amount: 5000 });
    await store.execute(request, handlerFor(key));
    advance(24 * HOUR - 1);
    expect((await store.execute(request, handlerFor(key))).replayed).toBe(true);
    advance(1);
    expect((await store.execute(request, handlerFor(key))).replayed).toBe(false);
    // An expired key may also be reused for another body.
    advance(24 * HOUR);
    expect((await store.execute(requestFor(key, { amount: 9000 }), handlerFor(key))).replayed).toBe(false);
    expect(await sideEffects(key)).toBe(3);
  });

  it('purgeExpired deletes expired keys only', async () => {
    const old = randomUUID();
    const young = randomUUID();
    await store.execute(requestFor(old, {}), handlerFor(old));
    advance(23 * HOUR);
    await store.execute(requestFor(young, {}), handlerFor(young));
    advance(1 * HOUR);

    expect(await store.purgeExpired()).toBe(1);
    expect(await keyRows(old)).toBe(0);
    expect(await keyRows(young)).toBe(1);
  });

  it('lets a request take over a key whose lease ran out, and fences out the first holder', async () => {
    const key = randomUUID();
    const request = requestFor(key, { amount: 5000 });
    const stalledGate = gate();
    // The first holder stalls past its lease (as a process that hung would).
    const stalled = store.execute(request, handlerFor(key, stalledGate.promise)).catch((error: unknown) => error);
    await waitFor(async () => (await keyRows(key)) === 1);

    advance(60_000 - 1);
    await expect(store.execute(request, handlerFor(key))).rejects.toMatchObject({ retryAfterSeconds: 1 });
    advance(1);
    const takerGate = gate();
    const taker = store.execute(request, handlerFor(key, takerGate.promise));
    await waitFor(async () => (await sideEffects(key)) === 0 && (await lockedUntil(key)) > clock.getTime());

    // The first holder finishes while the taker still runs: its completion no longer matches its
    // lease, so its work rolls back and it reports the key as busy.
    stalledGate.open();
    expect(await stalled).toBeInstanceOf(RequestInProgressError);
    takerGate.open();
    const takenOver = await taker;
    expect(takenOver.replayed).toBe(false);
    expect(await sideEffects(key)).toBe(1);
    expect(await store.execute(request, handlerFor(key))).toEqual({ ...takenOver, replayed: true });
  });

  it('a stale holder that fails does not release the key it lost', async () => {
    const key = randomUUID();
    const request = requestFor(key, { amount: 5000 });
    const stalledGate = gate();
    const stalled = store
      .execute(request, async (manager) => {
        await handlerFor(key, stalledGate.promise)(manager);
        throw new Error('stale holder crashed');
      })
      .catch((error: unknown) => error);
    await waitFor(async () => (await keyRows(key)) === 1);

    advance(60_000);
    const takerGate = gate();
    const taker = store.execute(request, handlerFor(key, takerGate.promise));
    await waitFor(async () => (await lockedUntil(key)) > clock.getTime());

    stalledGate.open();
    expect(await stalled).toMatchObject({ message: 'stale holder crashed' });
    expect(await keyRows(key)).toBe(1);
    takerGate.open();
    expect((await taker).replayed).toBe(false);
    expect((await store.execute(request, handlerFor(key))).replayed).toBe(true);
    expect(await sideEffects(key)).toBe(1);
  });

  it('lets exactly one of several concurrent requests take over an abandoned key', async () => {
    const key = randomUUID();
    const request = requestFor(key, { amount: 5000 });
    await abandon(request);
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => store.execute(request, handlerFor(key))));
    expect(outcomes.filter((o) => o.status === 'fulfilled' && !o.value.replayed)).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected' && !(o.reason instanceof RequestInProgressError))).toEqual(
      [],
    );
    expect(await sideEffects(key)).toBe(1);
  });

  describe('executeLeased (an idempotent handler, no transaction held)', () => {
    it('stores the response under the key and replays it, running the handler once', async () => {
      const key = randomUUID();
      const request = requestFor(key, { amount: 7000 });
      const handler = async () => {
        await db.pool.query('INSERT INTO side_effects (key, run) VALUES ($1, $2)', [key, ++runs]);
        return { status: 202, body: { key } };
      };
      expect(await store.executeLeased(request, handler)).toEqual({ status: 202, body: { key }, replayed: false });
      expect(await store.executeLeased(request, handler)).toEqual({ status: 202, body: { key }, replayed: true });
      expect(await sideEffects(key)).toBe(1);
      await expect(store.executeLeased(requestFor(key, { amount: 7001 }), handler)).rejects.toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
    });

    it('holds no connection while the handler runs: more concurrent requests than the pool has connections all complete', async () => {
      // A pool of 3; each handler needs a connection of its own. `execute` would hold one per
      // request for its transaction and starve the handlers; a lease holds none.
      const small = await openStateStore({
        url: db.databaseUrl,
        schema: db.schema,
        poolSize: 3,
        timeouts: { connectMs: 2_000 },
      });
      try {
        const leased = new IdempotencyStore(small, { now: () => clock });
        const keys = Array.from({ length: 12 }, () => randomUUID());
        const results = await Promise.all(
          keys.map((key) =>
            leased.executeLeased(requestFor(key, { key }), async () => {
              await small.query('INSERT INTO side_effects (key, run) VALUES ($1, $2)', [key, ++runs]);
              await new Promise((resolve) => setTimeout(resolve, 20));
              return { status: 202, body: { key } };
            }),
          ),
        );
        expect(results.map((result) => result.status)).toEqual(keys.map(() => 202));
        for (const key of keys) expect(await sideEffects(key)).toBe(1);
      } finally {
        await small.destroy();
      }
    });

    it('releases the key when the handler throws, so the next request runs', async () => {
      const key = randomUUID();
      const request = requestFor(key, { amount: 9000 });
      await expect(
        store.executeLeased(request, async () => Promise.reject(new Error('downstream refused'))),
      ).rejects.toThrow('downstream refused');
      expect(await keyRows(key)).toBe(0);
      expect(await store.executeLeased(request, async () => ({ status: 202, body: { key } }))).toMatchObject({
        replayed: false,
      });
    });
  });

  it('takes over an in-progress key left by a process that died', async () => {
    const key = randomUUID();
    const request = requestFor(key, { amount: 5000 });
    await abandon(request);
    const result = await store.execute(request, handlerFor(key));
    expect(result.replayed).toBe(false);
    expect(await sideEffects(key)).toBe(1);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
