import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { openStateStore } from '../database/state-store-data-source';
import { OutboxDispatcher } from '../outbox/outbox-dispatcher';
import { OutboxMessage, toOutboxMessage } from '../outbox/outbox-message';
import { InboxGuard } from './inbox-guard';

describe('InboxGuard (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let inbox: InboxGuard;

  beforeAll(async () => {
    db = await createIsolatedSchema('inbox guard');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 25 });
    // The effect under test: one row per application, so a second effect is visible as a count.
    await db.pool.query(
      'CREATE TABLE effects (message_id text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    inbox = new InboxGuard(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const applyEffect = (messageId: string) => async (manager: EntityManager) => {
    await manager.query('INSERT INTO effects (message_id) VALUES ($1)', [messageId]);
    return messageId.length;
  };
  const effectCount = async (messageId: string) =>
    (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM effects WHERE message_id = $1', [messageId]))
      .rows[0]?.n ?? 0;
  const inboxRows = async (consumer: string, messageId: string) =>
    (await db.pool.query('SELECT 1 FROM inbox WHERE consumer = $1 AND message_id = $2', [consumer, messageId]))
      .rowCount;

  it('applies a message once and acknowledges a redelivery without a second effect', async () => {
    const id = randomUUID();
    expect(await inbox.handleOnce('scorer', id, applyEffect(id))).toEqual({ duplicate: false, value: id.length });
    expect(await inbox.handleOnce('scorer', id, applyEffect(id))).toEqual({ duplicate: true });
    expect(await effectCount(id)).toBe(1);
    expect(await inboxRows('scorer', id)).toBe(1);
  });

  it('keeps consumers apart: the same message applies once for each', async () => {
    const id = randomUUID();
    await inbox.handleOnce('scorer', id, applyEffect(id));
    expect(await inbox.handleOnce('notifier', id, applyEffect(id))).toEqual({ duplicate: false, value: id.length });
    expect(await effectCount(id)).toBe(2);
  });

  it('applies one of ten concurrent deliveries of the same message', async () => {
    const id = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => inbox.handleOnce('scorer', id, applyEffect(id))),
    );
    expect(outcomes.filter((outcome) => !outcome.duplicate)).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.duplicate)).toHaveLength(9);
    expect(await effectCount(id)).toBe(1);
  });

  it('a failing effect leaves no inbox row, so a later delivery applies', async () => {
    const id = randomUUID();
    await expect(
      inbox.handleOnce('scorer', id, async (manager) => {
        await manager.query('INSERT INTO effects (message_id) VALUES ($1)', [id]);
        throw new Error('downstream rejected');
      }),
    ).rejects.toThrow('downstream rejected');
    expect(await inboxRows('scorer', id)).toBe(0);
    expect(await effectCount(id)).toBe(0);

    expect(await inbox.handleOnce('scorer', id, applyEffect(id))).toEqual({ duplicate: false, value: id.length });
    expect(await effectCount(id)).toBe(1);
  });

  it('a delivery racing one that then fails applies the message itself', async () => {
    const id = randomUUID();
    let releaseFirst!: () => void;
    let firstHoldsRow!: () => void;
    const firstMayFail = new Promise<void>((resolve) => (releaseFirst = resolve));
    const firstInserted = new Promise<void>((resolve) => (firstHoldsRow = resolve));
    const first = inbox.handleOnce('scorer', id, async () => {
      firstHoldsRow();
      await firstMayFail;
      throw new Error('first attempt crashed');
    });
    // The effect runs only after the insert, so the first now holds an uncommitted inbox row.
    await firstInserted;
    const second = inbox.handleOnce('scorer', id, applyEffect(id));
    // Give the second time to reach the row and block on it before the first rolls back.
    await new Promise((resolve) => setTimeout(resolve, 100));
    releaseFirst();
    await expect(first).rejects.toThrow('first attempt crashed');
    expect(await second).toEqual({ duplicate: false, value: id.length });
    expect(await effectCount(id)).toBe(1);
  });

  describe('replyOnce (an effect that writes only its reply)', () => {
    const replyFor = (id: string): OutboxMessage[] => [
      toOutboxMessage(
        {
          id: randomUUID(),
          type: 'test.replied',
          schemaVersion: 1,
          occurredAt: new Date().toISOString(),
          correlationId: id,
          causationId: id,
          tenantId: 't1',
          idempotencyKey: id,
          actor: { kind: 'service', id: 'test' },
          payload: { for: id },
        } as never,
        { exchange: '', routingKey: 'replies' },
      ),
    ];
    const outboxRows = async (id: string) =>
      (await db.pool.query("SELECT count(*)::int AS n FROM outbox WHERE envelope->>'correlationId' = $1", [id])).rows[0]
        ?.n ?? 0;

    it('records the message and its reply in one statement, and skips a redelivery without running the effect', async () => {
      const id = randomUUID();
      let runs = 0;
      const effect = async () => {
        runs += 1;
        return replyFor(id);
      };
      const first = await inbox.replyOnce('kyc', id, effect);
      expect(first.duplicate).toBe(false);
      expect(await inboxRows('kyc', id)).toBe(1);
      expect(await outboxRows(id)).toBe(1);

      expect(await inbox.replyOnce('kyc', id, effect)).toEqual({ duplicate: true });
      expect(runs).toBe(1);
      expect(await outboxRows(id)).toBe(1);
    });

    it('of ten concurrent deliveries, one records its reply and the others are duplicates', async () => {
      const id = randomUUID();
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => inbox.replyOnce('kyc', id, async () => replyFor(id))),
      );
      expect(outcomes.filter((outcome) => !outcome.duplicate)).toHaveLength(1);
      expect(await inboxRows('kyc', id)).toBe(1);
      expect(await outboxRows(id)).toBe(1);
    });

    it('a failing effect writes neither the inbox row nor a reply, so a later delivery applies', async () => {
      const id = randomUUID();
      await expect(
        inbox.replyOnce('kyc', id, async () => {
          throw new Error('provider down');
        }),
      ).rejects.toThrow('provider down');
      expect(await inboxRows('kyc', id)).toBe(0);
      expect(await outboxRows(id)).toBe(0);
      expect((await inbox.replyOnce('kyc', id, async () => replyFor(id))).duplicate).toBe(false);
      expect(await outboxRows(id)).toBe(1);
    });

    it('hands a dispatcher the positions of the rows it reserved', async () => {
      const id = randomUUID();
      const dispatcher = new OutboxDispatcher(dataSource, { publish: async () => undefined });
      const outcome = await inbox.replyOnce('kyc', id, async () => replyFor(id), dispatcher);
      if (outcome.duplicate) throw new Error('expected the first delivery to record');
      const stored = await db.pool.query(
        'SELECT position, dispatch_after IS NOT NULL AS reserved FROM outbox WHERE message_id = $1',
        [outcome.value.messages[0]?.messageId],
      );
      expect(outcome.value.positions).toEqual([Number(stored.rows[0].position)]);
      expect(stored.rows[0].reserved).toBe(true);
    });
  });

  it('purges rows processed before the cutoff', async () => {
    const old = randomUUID();
    const recent = randomUUID();
    await inbox.handleOnce('purger', old, async () => undefined);
    await inbox.handleOnce('purger', recent, async () => undefined);
    await db.pool.query(
      "UPDATE inbox SET processed_at = now() - interval '8 days' WHERE consumer = 'purger' AND message_id = $1",
      [old],
    );

    const purged = await inbox.purgeOlderThan(new Date(Date.now() - 7 * 24 * 3600_000));
    expect(purged).toBe(1);
    expect(await inboxRows('purger', old)).toBe(0);
    expect(await inboxRows('purger', recent)).toBe(1);
  });
});
