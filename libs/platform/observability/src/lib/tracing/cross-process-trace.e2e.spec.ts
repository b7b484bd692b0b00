import { INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { Connection } from 'rabbitmq-client';
import { lastValueFrom } from 'rxjs';
import { BatonRmqClient, BatonRmqServer, deleteTopology, queueFor } from '@baton/messaging';
import { BuiltProcess, isolatedBrokerNames, startBuiltProcess, testEnv } from '@baton/testing';
import { setupTracing, ShutdownTracing } from './setup-tracing';
import { withSpan } from './spans';
import { PricesSeen, QuotePricedHandlers } from '../../../fixtures/quote.handlers';
import { QuoteRequested, traceMeta, traceRegistry, traceTopology } from '../../../fixtures/trace-messages';

const peerEntry = 'dist/out-tsc/libs/platform/observability/fixtures/trace-peer-process.js';

interface SpanLine {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  pid: number;
}

@Module({ controllers: [QuotePricedHandlers], providers: [PricesSeen] })
class PricedModule {}

describe('one transaction across two processes over RabbitMQ is one trace (real RabbitMQ and processes)', () => {
  const names = isolatedBrokerNames('observability two processes');
  const topology = traceTopology(names.prefix);
  const exporter = new InMemorySpanExporter();
  let shutdown: ShutdownTracing;
  let peer: BuiltProcess;
  let app: INestMicroservice;
  let client: BatonRmqClient;

  beforeAll(async () => {
    shutdown = setupTracing({ serviceName: 'trace-origin', exporter });
    peer = await startBuiltProcess({
      entry: peerEntry,
      env: { RABBITMQ_URL: testEnv.rabbitmqUrl, NAMESPACE: names.prefix },
      ready: { outputMatches: /trace peer ready/ },
    });
    app = await NestFactory.createMicroservice(PricedModule, {
      strategy: new BatonRmqServer({ url: testEnv.rabbitmqUrl, topology, registry: traceRegistry() }),
      logger: false,
    });
    await app.listen();
    client = new BatonRmqClient({
      url: testEnv.rabbitmqUrl,
      topology,
      registry: traceRegistry(),
      requestTimeoutMs: 15_000,
    });
    await client.connect();
  });

  afterAll(async () => {
    await peer?.stop();
    await client?.close();
    await app?.close();
    const raw = new Connection(testEnv.rabbitmqUrl);
    await deleteTopology(raw, topology);
    await raw.close();
    await names.cleanup();
    await shutdown?.();
  });

  it('links this process’s spans and the peer’s as parent and child, in causal order', async () => {
    const reply = await withSpan('quote transaction', {}, () =>
      lastValueFrom(client.send('obs.quote.requested', QuoteRequested.create({ amount: 99 }, traceMeta))),
    );
    expect(reply).toMatchObject({ type: 'obs.quote.replied', payload: { amount: 99, pricedBy: peer.pid } });
    const commandQueue = queueFor(topology, 'obs.quote.requested')?.name as string;
    const eventQueue = queueFor(topology, 'obs.quote.priced')?.name as string;
    // Consumer spans end after the ack, a moment after the reply and the event have arrived.
    const deadline = Date.now() + 15_000;
    const ended = () =>
      exporter.getFinishedSpans().some((span) => span.name === `process ${eventQueue}`) &&
      peer.output().includes(`"name":"process ${commandQueue}"`);
    while (!ended() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.get(PricesSeen).amounts).toEqual([99]);

    const local: SpanLine[] = exporter.getFinishedSpans().map((span) => ({
      name: span.name,
      kind: span.kind,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId ?? null,
      pid: process.pid,
    }));
    const remote = peer
      .output()
      .split('\n')
      .filter((line) => line.startsWith('span '))
      .map((line) => JSON.parse(line.slice('span '.length)) as SpanLine);
    const all = [...local, ...remote];
    const find = (name: string, pid: number) => {
      const span = all.find((candidate) => candidate.name === name && candidate.pid === pid);
      if (!span)
        throw new Error(`no span "${name}" in process ${pid}; have ${JSON.stringify(all.map((s) => [s.name, s.pid]))}`);
      return span;
    };
    // origin → publish (here) → process (peer) → step (peer) → publish event (peer) → process (here) → record (here)
    const chain = [
      find('quote transaction', process.pid),
      find(`publish ${topology.commandExchange}`, process.pid),
      find(`process ${commandQueue}`, peer.pid),
      find('step price', peer.pid),
      find(`publish ${topology.eventExchange}`, peer.pid),
      find(`process ${eventQueue}`, process.pid),
      find('record price', process.pid),
    ];
    expect(new Set(chain.map((span) => span.traceId)).size).toBe(1);
    expect(chain[0]?.parentSpanId).toBeNull();
    for (let i = 1; i < chain.length; i += 1) {
      expect({ child: chain[i]?.name, parent: chain[i]?.parentSpanId }).toEqual({
        child: chain[i]?.name,
        parent: chain[i - 1]?.spanId,
      });
    }
    expect(chain.map((span) => span.kind)).toEqual([
      SpanKind.INTERNAL,
      SpanKind.PRODUCER,
      SpanKind.CONSUMER,
      SpanKind.INTERNAL,
      SpanKind.PRODUCER,
      SpanKind.CONSUMER,
      SpanKind.INTERNAL,
    ]);
    // The reply goes back from the peer in its own PRODUCER span, under the consumer span too.
    const replySpan = remote.find(
      (span) => span.kind === SpanKind.PRODUCER && span.name.startsWith(`publish ${topology.prefix}.client.`),
    );
    expect(replySpan?.parentSpanId).toBe(chain[2]?.spanId);
  });
});
