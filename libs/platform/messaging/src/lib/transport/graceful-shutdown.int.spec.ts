import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Connection } from 'rabbitmq-client';
import type { Envelope } from '@baton/contracts';
import { isolatedBrokerNames, testEnv } from '@baton/testing';
import { buildTopology, queueFor } from '../topology/topology';
import { declareTopology, deleteTopology } from '../topology/declare-topology';
import { BatonRmqServer } from './baton-rmq.server';
import { testMeta, testRegistry, ThingHappened } from '../../../fixtures/test-messages';

const progress = { started: 0, finished: 0 };

@Controller()
class SlowHandlers {
  @EventPattern('test.thing.happened')
  async slow(@Payload() _envelope: Envelope) {
    progress.started += 1;
    await new Promise((resolve) => setTimeout(resolve, 400));
    progress.finished += 1;
  }
}

@Module({ controllers: [SlowHandlers] })
class SlowModule {}

describe('graceful shutdown (real RabbitMQ)', () => {
  const names = isolatedBrokerNames('graceful shutdown');
  const topology = buildTopology({
    vertical: 'drain',
    version: 1,
    namespace: names.prefix,
    commands: [],
    events: ['test.thing.happened'],
  });
  const raw = new Connection(testEnv.rabbitmqUrl);

  afterAll(async () => {
    await deleteTopology(raw, topology);
    await raw.close();
    await names.cleanup();
  });

  it('finishes and acks the messages in hand before closing', async () => {
    await declareTopology(raw, topology);
    const app: INestMicroservice = await NestFactory.createMicroservice(SlowModule, {
      strategy: new BatonRmqServer({ url: testEnv.rabbitmqUrl, topology, registry: testRegistry(), prefetch: 5 }),
      logger: false,
    });
    await app.listen();
    const publisher = raw.createPublisher({ confirm: true });
    for (let n = 0; n < 3; n++) {
      const envelope = ThingHappened.create({ n }, testMeta);
      await publisher.send(
        {
          exchange: topology.eventExchange,
          routingKey: 'test.thing.happened',
          messageId: envelope.id,
          contentType: 'application/json',
        },
        envelope,
      );
    }
    await publisher.close();
    while (progress.started < 3) await new Promise((resolve) => setTimeout(resolve, 10));

    await app.close();

    expect(progress).toEqual({ started: 3, finished: 3 });
    const queue = queueFor(topology, 'test.thing.happened')?.name as string;
    expect((await raw.queueDeclare({ queue, passive: true })).messageCount).toBe(0);
  });
});
