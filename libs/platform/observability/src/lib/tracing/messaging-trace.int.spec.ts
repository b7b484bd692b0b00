import { Writable } from 'node:stream';
import { INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { Connection } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';
import {
  ConfirmedPublisher,
  BatonRmqServer,
  deleteTopology,
  declareTopology,
  queueFor,
  RabbitOutboxPublisher,
} from '@baton/messaging';
import { enqueueOutbox, openStateStore, OutboxRelay, toOutboxMessage } from '@baton/state-store';
import { createIsolatedSchema, IsolatedSchema, isolatedBrokerNames, testEnv } from '@baton/testing';
import { setupTracing, ShutdownTracing } from './setup-tracing';
import { withStepSpan } from './spans';
import { BatonMetrics } from '../metrics/baton-metrics';
import { createLogger } from '../logging/create-logger';
import { PricesSeen, QuotePricedHandlers } from '../../../fixtures/quote.handlers';
import { QuotePriced, traceMeta, traceRegistry, traceTopology } from '../../../fixtures/trace-messages';

@Module({ controllers: [QuotePricedHandlers], providers: [PricesSeen] })
class PricedModule {}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('trace context through the outbox and RabbitMQ, with messaging metrics (real PostgreSQL and RabbitMQ)', () => {
  const names = isolatedBrokerNames('observability outbox trace');
  const topology = traceTopology(names.prefix);
  const pricedQueue = queueFor(topology, 'obs.quote.priced')?.name as string;
  const exporter = new InMemorySpanExporter();
  const metrics = new BatonMetrics();
  const logLines: Record<string, unknown>[] = [];
  let shutdown: ShutdownTracing;
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let raw: Connection;
  let publisher: ConfirmedPublisher;
  let relay: OutboxRelay;
  let app: INestMicroservice;

  beforeAll(async () => {
    shutdown = setupTracing({ serviceName: 'outbox-trace', exporter });
    db = await createIsolatedSchema('observability outbox trace');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 3 });
    raw = new Connection(testEnv.rabbitmqUrl);
    await declareTopology(raw, topology);
    publisher = new ConfirmedPublisher(raw);
    relay = new OutboxRelay(dataSource, new RabbitOutboxPublisher(publisher));
    metrics.trackOutboxLag(relay, db.schema);
    app = await NestFactory.createMicroservice(PricedModule, {
      strategy: new BatonRmqServer({ url: testEnv.rabbitmqUrl, topology, registry: traceRegistry(), metrics }),
      logger: false,
    });
    const logger = createLogger({
      service: 'priced-consumer',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    });
    app.get(PricesSeen).onPriced = (amount) => logger.info({ amount }, 'price recorded');
    await app.listen();
  });

  afterAll(async () => {
    await app?.close();
    await publisher?.close();
    await deleteTopology(raw, topology);
    await raw?.close();
    await names.cleanup();
    await dataSource?.destroy();
    await db?.drop();
    await shutdown?.();
  });

  it('a message enqueued inside a step span is consumed in a child span of the relay’s publish span, in the same trace', async () => {
    const envelope = QuotePriced.create({ amount: 420 }, traceMeta);
    await withStepSpan({ workflowId: 'obs.quote', runId: 'run-1', stepId: 'announce', kind: 'emit' }, () =>
      dataSource.transaction((tx) =>
        enqueueOutbox(tx, [toOutboxMessage(envelope, { exchange: topology.eventExchange })]),
      ),
    );
    const stored = await db.pool.query('SELECT envelope FROM outbox WHERE message_id = $1', [envelope.id]);
    expect(stored.rows[0].envelope.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(await metrics.registry.metrics()).toMatch(
      new RegExp(`baton_outbox_lag_seconds\\{outbox="${db.schema}"\\} [0-9.e-]+`),
    );

    await relay.drain();
    await until(() => app.get(PricesSeen).amounts.includes(420), 'the priced event');
    await until(
      () => exporter.getFinishedSpans().some((span) => span.name === `process ${pricedQueue}`),
      'the consumer span',
    );

    const spans = exporter.getFinishedSpans();
    const named = (name: string) => spans.find((span) => span.name === name) as ReadableSpan;
    const step = named('step announce');
    const publish = named(`publish ${topology.eventExchange}`);
    const consume = named(`process ${pricedQueue}`);
    const record = named('record price');
    expect(new Set([step, publish, consume, record].map((span) => span.spanContext().traceId)).size).toBe(1);
    expect(publish.parentSpanContext?.spanId).toBe(step.spanContext().spanId);
    expect(consume.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(record.parentSpanContext?.spanId).toBe(consume.spanContext().spanId);
    expect([publish.kind, consume.kind]).toEqual([SpanKind.PRODUCER, SpanKind.CONSUMER]);
    expect(publish.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation': 'publish',
      'messaging.destination.name': topology.eventExchange,
    });
    expect(consume.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation': 'process',
      'messaging.destination.name': pricedQueue,
      'baton.messaging.outcome': 'ACK',
    });
    expect(logLines.find((line) => line['msg'] === 'price recorded')).toMatchObject({
      trace_id: step.spanContext().traceId,
      span_id: record.spanContext().spanId,
      correlationId: traceMeta.correlationId,
    });
    expect(await metrics.registry.metrics()).toContain(`baton_outbox_lag_seconds{outbox="${db.schema}"} 0`);
  });

  it('counts a dead-lettered message by queue and reason code', async () => {
    await publisher.publish({
      exchange: topology.eventExchange,
      routingKey: 'obs.quote.priced',
      messageId: 'not-json-1',
      body: '{not json',
    });
    const line = `baton_messages_dead_lettered_total{queue="${pricedQueue}",code="INVALID_JSON"} 1`;
    await until(async () => (await metrics.registry.metrics()).includes(line), 'the dead-letter count');
  });
});
