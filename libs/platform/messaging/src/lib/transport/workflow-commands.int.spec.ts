import { Controller, INestMicroservice, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { Connection, SyncMessage } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';
import { ContractError, defineMessage, Envelope } from '@baton/contracts';
import { z } from 'zod';
import { InboxGuard, openStateStore, OutboxDispatcher, OutboxMessage } from '@baton/state-store';
import { createIsolatedSchema, IsolatedSchema, isolatedBrokerNames, nextMessage, testEnv } from '@baton/testing';
import { buildTopology, queueFor } from '../topology/topology';
import { deleteTopology } from '../topology/declare-topology';
import { ConfirmedPublisher } from '../publishing/confirmed-publisher';
import { BATON_HEADERS } from '../publishing/message-headers';
import { RabbitOutboxPublisher } from '../outbox/rabbit-outbox-publisher';
import { BatonRmqServer, REPLIES_ONLY } from './baton-rmq.server';
import { BatonRmqContext } from './baton-rmq.context';
import { BatonRpcExceptionFilter } from './baton-rpc-exception.filter';
import { EchoReplied, EchoRequested, testMeta, testRegistry } from '../../../fixtures/test-messages';

const REPLY_ONLY_PATTERN = 'test.echo.requested';
const TRANSACTIONAL_PATTERN = 'test.echo.transactional';
const EchoTransactional = defineMessage(
  TRANSACTIONAL_PATTERN,
  1,
  z.strictObject({ text: z.string().min(1), failWith: z.enum(['none', 'terminal', 'crash']) }),
);

/** What each handler saw: how often it ran per message, and whether it had a transaction. */
@Injectable()
class Seen {
  readonly runs = new Map<string, number>();
  readonly hadTransaction = new Map<string, boolean>();
}

@Controller()
class WorkflowAgents {
  constructor(private readonly seen: Seen) {}

  @MessagePattern(REPLY_ONLY_PATTERN, REPLIES_ONLY)
  lookup(@Payload() envelope: Envelope<{ text: string; failWith: string }>, @Ctx() context: BatonRmqContext) {
    return this.answer(envelope, context);
  }

  @MessagePattern(TRANSACTIONAL_PATTERN)
  record(@Payload() envelope: Envelope<{ text: string; failWith: string }>, @Ctx() context: BatonRmqContext) {
    return this.answer(envelope, context);
  }

  private answer(envelope: Envelope<{ text: string; failWith: string }>, context: BatonRmqContext) {
    this.seen.runs.set(envelope.id, (this.seen.runs.get(envelope.id) ?? 0) + 1);
    this.seen.hadTransaction.set(envelope.id, context.getTransaction() !== null);
    if (envelope.payload.failWith === 'terminal')
      throw new ContractError('INVALID_CONTRACT_DEFINITION', 'refused on purpose');
    return EchoReplied.create(
      { text: envelope.payload.text.toUpperCase(), handledBy: process.pid },
      { ...testMeta, causationId: envelope.id },
    );
  }
}

@Module({ controllers: [WorkflowAgents], providers: [Seen] })
class WorkflowAgentsModule {}

describe('BatonRmqServer workflow commands through the inbox (real RabbitMQ and PostgreSQL)', () => {
  const names = isolatedBrokerNames('workflow commands');
  const topology = buildTopology({
    vertical: 'wf',
    version: 1,
    namespace: names.prefix,
    commands: [REPLY_ONLY_PATTERN, TRANSACTIONAL_PATTERN],
  });
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let app: INestMicroservice;
  let raw: Connection;
  let publisher: ConfirmedPublisher;
  let seen: Seen;
  /** The orchestrator "in this process" for the eager-continuation tests; none by default. */
  let local: ((reply: OutboxMessage) => Promise<void>) | null = null;

  beforeAll(async () => {
    db = await createIsolatedSchema('workflow commands');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 8 });
    raw = new Connection(testEnv.rabbitmqUrl);
    publisher = new ConfirmedPublisher(raw);
    const registry = testRegistry().register(EchoTransactional);
    app = await NestFactory.createMicroservice(WorkflowAgentsModule, {
      strategy: new BatonRmqServer({
        url: testEnv.rabbitmqUrl,
        topology,
        registry,
        // One at a time, so a later message's reply proves an earlier one was handled.
        prefetch: 1,
        inbox: new InboxGuard(dataSource),
        outbox: new OutboxDispatcher(dataSource, new RabbitOutboxPublisher(publisher)),
        continueLocally: async (reply) => {
          if (!local) throw new Error('no orchestrator in this process for this test');
          await local(reply);
        },
      }),
      logger: false,
    });
    app.useGlobalFilters(new BatonRpcExceptionFilter());
    await app.listen();
    seen = app.get(Seen);
  });

  afterAll(async () => {
    await app?.close();
    await publisher?.close();
    await deleteTopology(raw, topology);
    await raw?.close();
    await names.cleanup();
    await dataSource?.destroy();
    await db?.drop();
  });

  const send = (envelope: Envelope) =>
    publisher.publish({
      exchange: topology.commandExchange,
      routingKey: envelope.type,
      messageId: envelope.id,
      body: JSON.stringify(envelope),
      headers: { [BATON_HEADERS.replyTo]: topology.replyQueue, 'x-baton-step-id': 'lookup' },
    });
  const command = (text: string, type = REPLY_ONLY_PATTERN, failWith: 'none' | 'terminal' = 'none'): Envelope =>
    (type === REPLY_ONLY_PATTERN ? EchoRequested : EchoTransactional).create({ text, failWith }, testMeta);
  async function nextReply(): Promise<{ message: SyncMessage; envelope: Envelope }> {
    const message = await nextMessage(raw, topology.replyQueue);
    return {
      message,
      envelope: (typeof message.body === 'string' ? JSON.parse(message.body) : message.body) as Envelope,
    };
  }
  const inboxRows = async (consumer: string, id: string) =>
    (await db.pool.query('SELECT 1 FROM inbox WHERE consumer = $1 AND message_id = $2', [consumer, id])).rowCount;

  it('runs a REPLIES_ONLY handler without a transaction and records its inbox row and reply together', async () => {
    const request = command('hello');
    await send(request);
    const { message, envelope } = await nextReply();
    expect(envelope).toMatchObject({ type: 'test.echo.replied', causationId: request.id, payload: { text: 'HELLO' } });
    expect(message.headers?.['x-baton-step-id']).toBe('lookup');
    expect(seen.hadTransaction.get(request.id)).toBe(false);
    expect(await inboxRows(queueFor(topology, REPLY_ONLY_PATTERN)?.name as string, request.id)).toBe(1);
  });

  it('acknowledges a duplicate delivery without running the handler or replying again', async () => {
    const request = command('once');
    await send(request);
    await nextReply();
    await send(request);
    // Handled one at a time: the marker's reply means the duplicate before it was consumed.
    const marker = command('marker');
    await send(marker);
    const { envelope } = await nextReply();
    expect(envelope.causationId).toBe(marker.id);
    expect(seen.runs.get(request.id)).toBe(1);
    const replies = await db.pool.query("SELECT count(*)::int AS n FROM outbox WHERE envelope->>'causationId' = $1", [
      request.id,
    ]);
    expect(replies.rows[0].n).toBe(1);
  });

  it('replies a typed failure as baton.agent.failed, recorded once', async () => {
    const request = command('no', REPLY_ONLY_PATTERN, 'terminal');
    await send(request);
    const { envelope } = await nextReply();
    expect(envelope).toMatchObject({
      type: 'baton.agent.failed',
      causationId: request.id,
      payload: { code: 'INVALID_CONTRACT_DEFINITION', retryable: false },
    });
    expect(await inboxRows(queueFor(topology, REPLY_ONLY_PATTERN)?.name as string, request.id)).toBe(1);
  });

  describe('eager continuation (an orchestrator in the same process)', () => {
    afterEach(() => {
      local = null;
    });
    const sentAt = async (causationId: string) =>
      (
        await db.pool.query("SELECT sent_at IS NOT NULL AS sent FROM outbox WHERE envelope->>'causationId' = $1", [
          causationId,
        ])
      ).rows[0]?.sent;

    it('hands the committed reply to it, marks the row sent, and publishes nothing', async () => {
      const taken: OutboxMessage[] = [];
      local = async (reply) => void taken.push(reply);
      const request = command('eager');
      await send(request);
      const deadline = Date.now() + 10_000;
      while (taken.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(
        taken.map((reply) => [reply.envelope.causationId, reply.routingKey, reply.headers['x-baton-step-id']]),
      ).toEqual([[request.id, topology.replyQueue, 'lookup']]);
      const until = Date.now() + 10_000;
      while (!(await sentAt(request.id)) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await sentAt(request.id)).toBe(true);
      // Nothing went to the broker: the next reply on the queue is the marker's.
      local = null;
      const marker = command('after-eager');
      await send(marker);
      expect((await nextReply()).envelope.causationId).toBe(marker.id);
    });

    it('publishes the reply as usual when the local orchestrator fails', async () => {
      local = async () => {
        throw new Error('run store unavailable');
      };
      const request = command('fallback');
      await send(request);
      expect((await nextReply()).envelope.causationId).toBe(request.id);
    });
  });

  it('gives a handler without REPLIES_ONLY the inbox transaction', async () => {
    const request = command('tx', TRANSACTIONAL_PATTERN);
    await send(request);
    const { envelope } = await nextReply();
    expect(envelope.causationId).toBe(request.id);
    expect(seen.hadTransaction.get(request.id)).toBe(true);
  });
});
