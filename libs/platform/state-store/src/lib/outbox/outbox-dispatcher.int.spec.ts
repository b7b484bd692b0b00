import { DataSource } from 'typeorm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { openStateStore } from '../database/state-store-data-source';
import { OutboxMessage, OutboxPublisher } from './outbox-message';
import { OutboxDispatcher } from './outbox-dispatcher';
import { OutboxRelay } from './outbox-relay';
import { testOutboxMessage } from '../../../fixtures/outbox-messages';

/** Records what it publishes; refuses messages it is told to (a broker that did not confirm). */
class RecordingPublisher implements OutboxPublisher {
  readonly published: string[] = [];
  readonly refuse = new Set<string>();
  async publish(message: OutboxMessage): Promise<void> {
    if (this.refuse.has(message.messageId)) throw new Error('not confirmed');
    this.published.push(message.messageId);
  }
}

describe('OutboxDispatcher: publishing right after commit, the relay as the safety net (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createIsolatedSchema('outbox dispatcher');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 4 });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const sentAt = async (message: OutboxMessage) =>
    (await db.pool.query('SELECT sent_at FROM outbox WHERE message_id = $1', [message.messageId])).rows[0]
      ?.sent_at as Date | null;

  it('publishes committed messages and marks them sent; a relay running meanwhile leaves them alone', async () => {
    const publisher = new RecordingPublisher();
    const dispatcher = new OutboxDispatcher(dataSource, publisher, { graceMs: 60_000 });
    const relayPublisher = new RecordingPublisher();
    const relay = new OutboxRelay(dataSource, relayPublisher);
    const messages = [testOutboxMessage(1), testOutboxMessage(2)];
    const ticket = await dataSource.transaction((tx) => dispatcher.enqueue(tx, messages));
    expect(await relay.relayOnce()).toBe(0);
    await dispatcher.dispatch(ticket);
    expect(publisher.published).toEqual(messages.map((message) => message.messageId));
    expect(await sentAt(messages[0] as OutboxMessage)).toBeInstanceOf(Date);
    expect(await relay.relayOnce()).toBe(0);
    expect(relayPublisher.published).toEqual([]);
  });

  it('leaves a message it could not publish, and one whose process died before dispatching, to the relay after the grace period', async () => {
    const publisher = new RecordingPublisher();
    const dispatcher = new OutboxDispatcher(dataSource, publisher, { graceMs: 300 });
    const refused = testOutboxMessage(3);
    const orphaned = testOutboxMessage(4);
    publisher.refuse.add(refused.messageId);
    const refusedTicket = await dataSource.transaction((tx) => dispatcher.enqueue(tx, [refused]));
    await dataSource.transaction((tx) => dispatcher.enqueue(tx, [orphaned])); // never dispatched
    await dispatcher.dispatch(refusedTicket);
    expect(await sentAt(refused)).toBeNull();

    const relayPublisher = new RecordingPublisher();
    const relay = new OutboxRelay(dataSource, relayPublisher);
    expect(await relay.relayOnce()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await relay.relayOnce()).toBe(2);
    expect(relayPublisher.published.sort()).toEqual([refused.messageId, orphaned.messageId].sort());
  });

  it('a rolled-back transaction dispatches nothing', async () => {
    const publisher = new RecordingPublisher();
    const dispatcher = new OutboxDispatcher(dataSource, publisher);
    const lost = testOutboxMessage(5);
    await expect(
      dataSource.transaction(async (tx) => {
        await dispatcher.enqueue(tx, [lost]);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect((await db.pool.query('SELECT 1 FROM outbox WHERE message_id = $1', [lost.messageId])).rowCount).toBe(0);
  });
});
