import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestMicroservice } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { Connection } from 'rabbitmq-client';
import { v7 as uuidv7 } from 'uuid';
import { isolatedBrokerNames, nextMessage, testEnv } from '@baton/testing';
import { buildTopology, queueFor } from '../topology/topology';
import { deleteTopology } from '../topology/declare-topology';
import { BatonRmqServer } from './baton-rmq.server';
import { BatonRmqClient } from './baton-rmq.client';
import { BatonRpcExceptionFilter } from './baton-rpc-exception.filter';
import { BATON_HEADERS } from '../publishing/message-headers';
import { EchoHandlers, Observed } from '../../../fixtures/echo.handlers';
import { EchoRequested, testMeta, testRegistry, ThingHappened } from '../../../fixtures/test-messages';

@Module({ controllers: [EchoHandlers], providers: [Observed] })
class EchoModule {}

describe('BatonRmqServer and BatonRmqClient (real RabbitMQ)', () => {
  const names = isolatedBrokerNames('transport');
  const topology = buildTopology({
    vertical: 'echo',
    version: 1,
    namespace: names.prefix,
    commands: ['test.echo.requested'],
    events: ['test.thing.happened'],
  });
  const deadLettered: string[] = [];
  let app: INestMicroservice;
  let client: BatonRmqClient;
  let raw: Connection;

  beforeAll(async () => {
    app = await NestFactory.createMicroservice(EchoModule, {
      strategy: new BatonRmqServer({
        url: testEnv.rabbitmqUrl,
        topology,
        registry: testRegistry(),
        metrics: { deadLettered: (queue, code) => deadLettered.push(`${queue}:${code}`) },
      }),
      logger: false,
    });
    app.useGlobalFilters(new BatonRpcExceptionFilter());
    await app.listen();
    client = new BatonRmqClient({
      url: testEnv.rabbitmqUrl,
      topology,
      registry: testRegistry(),
      requestTimeoutMs: 10_000,
    });
    await client.connect();
    raw = new Connection(testEnv.rabbitmqUrl);
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await deleteTopology(raw, topology);
    await raw?.close();
    await names.cleanup();
  });

  const command = queueFor(topology, 'test.echo.requested');
  const event = queueFor(topology, 'test.thing.happened');

  it('answers a request with a validated reply envelope', async () => {
    const request = EchoRequested.create({ text: 'hello', failWith: 'none' }, testMeta);
    const reply = await lastValueFrom(client.send('test.echo.requested', request));
    expect(reply).toMatchObject({
      type: 'test.echo.replied',
      causationId: request.id,
      payload: { text: 'HELLO', handledBy: process.pid },
    });
  });

  it('delivers an event to its @EventPattern handler', async () => {
    const observed = app.get(Observed);
    await lastValueFrom(client.emit('test.thing.happened', ThingHappened.create({ n: 7 }, testMeta)));
    const deadline = Date.now() + 10_000;
    while (!observed.things.includes(7) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(observed.things).toContain(7);
  });

  it('refuses to publish an envelope that breaks its contract', async () => {
    const bad = {
      ...EchoRequested.create({ text: 'x', failWith: 'none' }, testMeta),
      payload: { text: '', failWith: 'none' },
    };
    await expect(lastValueFrom(client.send('test.echo.requested', bad))).rejects.toMatchObject({
      code: 'CONTRACT_VIOLATION',
    });
    await expect(lastValueFrom(client.emit('test.thing.happened', { nonsense: true }))).rejects.toMatchObject({
      code: 'CONTRACT_VIOLATION',
    });
  });

  it('dead-letters an invalid message with its reason in headers, and keeps serving', async () => {
    const publisher = raw.createPublisher({ confirm: true });
    const invalid = { ...ThingHappened.create({ n: 1 }, testMeta), payload: { n: -1, extra: 'x' } };
    await publisher.send(
      {
        exchange: topology.eventExchange,
        routingKey: 'test.thing.happened',
        messageId: invalid.id,
        contentType: 'application/json',
      },
      JSON.stringify(invalid),
    );
    await publisher.send(
      {
        exchange: topology.eventExchange,
        routingKey: 'test.thing.happened',
        contentType: 'text/plain',
        messageId: uuidv7(),
      },
      'not json at all',
    );
    await publisher.close();

    const first = await nextMessage(raw, event?.deadLetterQueue as string);
    expect(first.headers?.[BATON_HEADERS.errorCode]).toBe('CONTRACT_VIOLATION');
    const reason = JSON.parse(String(first.headers?.[BATON_HEADERS.error])) as {
      issues: Array<{ path: string; rule: string }>;
    };
    expect(reason.issues.map((issue) => `${issue.path}:${issue.rule}`).sort()).toEqual([
      'payload.extra:unrecognized_keys',
      'payload.n:too_small',
    ]);
    expect(first.headers?.[BATON_HEADERS.originalQueue]).toBe(event?.name);
    const second = await nextMessage(raw, event?.deadLetterQueue as string);
    expect(second.headers?.[BATON_HEADERS.errorCode]).toBe('INVALID_JSON');

    const reply = await lastValueFrom(
      client.send('test.echo.requested', EchoRequested.create({ text: 'still here', failWith: 'none' }, testMeta)),
    );
    expect(reply).toMatchObject({ payload: { text: 'STILL HERE' } });
    expect(deadLettered).toEqual(
      expect.arrayContaining([`${event?.name}:CONTRACT_VIOLATION`, `${event?.name}:INVALID_JSON`]),
    );
  });

  it('replies with a terminal error instead of retrying it', async () => {
    const request = EchoRequested.create({ text: 'no', failWith: 'terminal' }, testMeta);
    await expect(lastValueFrom(client.send('test.echo.requested', request))).rejects.toMatchObject({
      code: 'REMOTE_HANDLER_FAILED',
      message: expect.stringMatching(/refused on purpose/),
    });
    expect(app.get(Observed).attempts.get(request.id)).toBe(1);
  });

  it('dead-letters a poison message after the delivery limit', async () => {
    const poison = EchoRequested.create({ text: 'boom', failWith: 'crash' }, testMeta);
    const publisher = raw.createPublisher({ confirm: true });
    await publisher.send(
      {
        exchange: topology.commandExchange,
        routingKey: 'test.echo.requested',
        messageId: poison.id,
        contentType: 'application/json',
      },
      JSON.stringify(poison),
    );
    await publisher.close();
    const dead = await nextMessage(raw, command?.deadLetterQueue as string, 30_000);
    expect(dead.messageId).toBe(poison.id);
    const deaths = dead.headers?.['x-death'] as Array<{ reason: string; queue: string }>;
    expect(deaths[0]).toMatchObject({ reason: 'delivery_limit', queue: command?.name });
    expect(app.get(Observed).attempts.get(poison.id)).toBe(topology.deliveryLimit + 1);
  });

  it('reports an unroutable publish as an error, not a success', async () => {
    const stray = ThingHappened.create({ n: 3 }, testMeta);
    await expect(lastValueFrom(client.emit('test.nobody.listens', stray))).rejects.toMatchObject({
      code: 'UNROUTABLE',
    });
  });
});
