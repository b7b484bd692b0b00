import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Connection } from 'rabbitmq-client';
import { DataSource } from 'typeorm';
import type { Envelope } from '@baton/contracts';
import { InboxGuard, openStateStore } from '@baton/state-store';
import { createIsolatedSchema, IsolatedSchema, isolatedBrokerNames, testEnv } from '@baton/testing';
import { buildTopology } from '../topology/topology';
import { deleteTopology } from '../topology/declare-topology';
import { ConfirmedPublisher } from '../publishing/confirmed-publisher';
import { BatonRmqServer } from './baton-rmq.server';
import { BatonRmqContext } from './baton-rmq.context';
import { BatonRpcExceptionFilter } from './baton-rpc-exception.filter';
import { testMeta, testRegistry, ThingHappened } from '../../../fixtures/test-messages';

// Restarts the real broker on this machine (rabbitmqctl stop_app / start_app): this suite runs
// in the `fault` tier, alone, after every other tier.
const run = promisify(execFile);
const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', args, { timeout: 120_000 });

@Controller()
class EffectHandlers {
  @EventPattern('test.thing.happened')
  async record(@Payload() envelope: Envelope<{ n: number }>, @Ctx() context: BatonRmqContext) {
    await context.getTransaction()?.query('INSERT INTO effects (message_id) VALUES ($1)', [envelope.id]);
  }
}

@Module({ controllers: [EffectHandlers] })
class EffectModule {}

describe('a broker restart while publishing and consuming (real RabbitMQ and PostgreSQL)', () => {
  const names = isolatedBrokerNames('broker restart');
  const topology = buildTopology({
    vertical: 'restart',
    version: 1,
    namespace: names.prefix,
    commands: [],
    events: ['test.thing.happened'],
  });
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let app: INestMicroservice;

  beforeAll(async () => {
    db = await createIsolatedSchema('broker restart');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 24 });
    await dataSource.query('CREATE TABLE effects (message_id uuid NOT NULL)');
    app = await NestFactory.createMicroservice(EffectModule, {
      strategy: new BatonRmqServer({
        url: testEnv.rabbitmqUrl,
        topology,
        registry: testRegistry(),
        inbox: new InboxGuard(dataSource),
      }),
      logger: false,
    });
    app.useGlobalFilters(new BatonRpcExceptionFilter());
    await app.listen();
  });

  afterAll(async () => {
    // Whatever happened, leave the broker running for whatever comes next.
    await rabbitmqctl('start_app').catch(() => undefined);
    await rabbitmqctl('await_startup').catch(() => undefined);
    await app?.close();
    const raw = new Connection(testEnv.rabbitmqUrl);
    await raw.onConnect(30_000);
    await deleteTopology(raw, topology);
    await raw.close();
    await names.cleanup();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('reconnects, redeclares, resumes consuming, and loses no confirmed message', async () => {
    const connection = new Connection({ url: testEnv.rabbitmqUrl, retryLow: 200, retryHigh: 1000 });
    connection.on('error', () => undefined);
    let connects = 0;
    connection.on('connection', () => (connects += 1));
    const publisher = new ConfirmedPublisher(connection);
    const confirmed = new Set<string>();
    try {
      for (let n = 0; n < 300; n++) {
        const envelope = ThingHappened.create({ n }, testMeta);
        if (n === 100) {
          // Stop the broker for certain, then bring it back while publishing goes on: sends
          // wait for the reconnect (or fail and are retried with the same message id).
          await rabbitmqctl('stop_app');
          void rabbitmqctl('start_app');
        }
        for (let attempt = 0; !confirmed.has(envelope.id); attempt++) {
          if (attempt > 300) throw new Error(`message ${n} was never confirmed`);
          try {
            await publisher.publish({
              exchange: topology.eventExchange,
              routingKey: 'test.thing.happened',
              messageId: envelope.id,
              body: JSON.stringify(envelope),
            });
            confirmed.add(envelope.id);
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      }
    } finally {
      await publisher.close();
      await connection.close();
    }
    // The publisher's connection was lost and re-established at least once.
    expect(connects).toBeGreaterThanOrEqual(2);

    const deadline = Date.now() + 90_000;
    for (;;) {
      const { rows } = await db.pool.query<{ n: number }>('SELECT count(DISTINCT message_id)::int AS n FROM effects');
      if (rows[0]?.n === confirmed.size) break;
      if (Date.now() > deadline)
        throw new Error(`only ${rows[0]?.n} of ${confirmed.size} effects applied after the restart`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { rows } = await db.pool.query<{ message_id: string; n: number }>(
      'SELECT message_id, count(*)::int AS n FROM effects GROUP BY message_id',
    );
    expect(rows.filter((row) => row.n !== 1)).toEqual([]);
    expect(new Set(rows.map((row) => row.message_id))).toEqual(confirmed);
  });
});
