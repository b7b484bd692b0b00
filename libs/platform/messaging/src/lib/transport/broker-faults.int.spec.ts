import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Connection } from 'rabbitmq-client';
import { DataSource } from 'typeorm';
import type { Envelope } from '@baton/contracts';
import { InboxGuard, openStateStore } from '@baton/state-store';
import { createIsolatedSchema, FaultProxy, IsolatedSchema, isolatedBrokerNames, testEnv } from '@baton/testing';
import { buildTopology } from '../topology/topology';
import { deleteTopology } from '../topology/declare-topology';
import { ConfirmedPublisher } from '../publishing/confirmed-publisher';
import { BatonRmqServer } from './baton-rmq.server';
import { BatonRmqContext } from './baton-rmq.context';
import { BatonRpcExceptionFilter } from './baton-rpc-exception.filter';
import { testMeta, testRegistry, ThingHappened } from '../../../fixtures/test-messages';

const handled: string[] = [];

@Controller()
class EffectHandlers {
  @EventPattern('test.thing.happened')
  async record(@Payload() envelope: Envelope<{ n: number }>, @Ctx() context: BatonRmqContext) {
    handled.push(envelope.id);
    await context.getTransaction()?.query('INSERT INTO effects (message_id) VALUES ($1)', [envelope.id]);
  }
}

@Module({ controllers: [EffectHandlers] })
class EffectModule {}

describe('cutting the broker connection while publishing and consuming 2,000 messages (real RabbitMQ and PostgreSQL)', () => {
  const names = isolatedBrokerNames('broker faults');
  const topology = buildTopology({
    vertical: 'faults',
    version: 1,
    namespace: names.prefix,
    commands: [],
    events: ['test.thing.happened'],
  });
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let proxy: FaultProxy;
  let app: INestMicroservice;

  beforeAll(async () => {
    db = await createIsolatedSchema('broker faults');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 24 });
    await dataSource.query('CREATE TABLE effects (message_id uuid NOT NULL)');
    const broker = new URL(testEnv.rabbitmqUrl);
    proxy = await FaultProxy.start({ host: broker.hostname, port: Number(broker.port || 5672) });
    app = await NestFactory.createMicroservice(EffectModule, {
      strategy: new BatonRmqServer({
        url: proxy.rewrite(testEnv.rabbitmqUrl),
        topology,
        registry: testRegistry(),
        inbox: new InboxGuard(dataSource),
        prefetch: 20,
      }),
      logger: false,
    });
    app.useGlobalFilters(new BatonRpcExceptionFilter());
    await app.listen();
  });

  afterAll(async () => {
    await app?.close();
    await proxy?.stop();
    const raw = new Connection(testEnv.rabbitmqUrl);
    await deleteTopology(raw, topology);
    await raw.close();
    await names.cleanup();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('consumes every confirmed message at least once, and through the inbox applies each exactly once', async () => {
    const connection = new Connection({ url: proxy.rewrite(testEnv.rabbitmqUrl), retryLow: 50, retryHigh: 300 });
    connection.on('error', () => undefined);
    const publisher = new ConfirmedPublisher(connection);
    const confirmed = new Set<string>();
    const total = 2000;
    const cutter = setInterval(() => proxy.cutAll(), 250);
    try {
      let next = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < total) {
            const envelope = ThingHappened.create({ n: next++ }, testMeta);
            // A publish whose confirm was lost to a cut is retried with the same message id.
            for (let attempt = 0; attempt < 50 && !confirmed.has(envelope.id); attempt++) {
              try {
                await publisher.publish({
                  exchange: topology.eventExchange,
                  routingKey: 'test.thing.happened',
                  messageId: envelope.id,
                  body: JSON.stringify(envelope),
                });
                confirmed.add(envelope.id);
              } catch {
                await new Promise((resolve) => setTimeout(resolve, 20));
              }
            }
          }
        }),
      );
    } finally {
      clearInterval(cutter);
    }
    await publisher.close();
    await connection.close();
    expect(confirmed.size).toBe(total);
    expect(proxy.stats().cut).toBeGreaterThan(1);

    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await db.pool.query<{ n: number }>('SELECT count(DISTINCT message_id)::int AS n FROM effects');
      if (rows[0]?.n === total) break;
      if (Date.now() > deadline) throw new Error(`only ${rows[0]?.n} of ${total} effects applied`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { rows } = await db.pool.query<{ message_id: string; n: number }>(
      'SELECT message_id, count(*)::int AS n FROM effects GROUP BY message_id',
    );
    expect(rows.filter((row) => row.n !== 1)).toEqual([]);
    expect(new Set(rows.map((row) => row.message_id))).toEqual(confirmed);
    expect(new Set(handled)).toEqual(confirmed);
  });
});
