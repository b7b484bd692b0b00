import { Client } from 'pg';
import { Connection } from 'rabbitmq-client';
import { FaultProxy } from './fault-proxy';
import { isolatedBrokerNames } from './isolated-broker-names';
import { ensureDatabase } from './isolated-schema';
import { testEnv } from './test-env';

const target = (url: string, defaultPort: number) => {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
};

async function connectThrough(proxy: FaultProxy, options: { queryTimeoutMs?: number } = {}): Promise<Client> {
  const client = new Client({
    connectionString: proxy.rewrite(testEnv.databaseUrl),
    query_timeout: options.queryTimeoutMs,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

describe('FaultProxy in front of the real PostgreSQL', () => {
  let proxy: FaultProxy;

  beforeAll(async () => {
    await ensureDatabase(testEnv.databaseUrl);
    proxy = await FaultProxy.start(target(testEnv.databaseUrl, 5432));
  });
  afterEach(() => proxy.heal());
  afterAll(() => proxy.stop());

  it('forwards a session faithfully', async () => {
    const client = await connectThrough(proxy);
    expect((await client.query('SELECT 40 + 2 AS answer')).rows).toEqual([{ answer: 42 }]);
    await client.end();
  });

  it('cuts every open connection, and new ones work afterwards', async () => {
    const client = await connectThrough(proxy);
    const cutBefore = proxy.stats().cut;
    proxy.cutAll();
    await expect(client.query('SELECT 1')).rejects.toThrow();
    expect(proxy.stats().cut).toBeGreaterThan(cutBefore);
    const again = await connectThrough(proxy);
    expect((await again.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await again.end();
  });

  it('refuses new connections while asked to', async () => {
    proxy.refuseNew(true);
    await expect(connectThrough(proxy)).rejects.toThrow();
    expect(proxy.stats().refused).toBeGreaterThan(0);
    proxy.refuseNew(false);
    const client = await connectThrough(proxy);
    await client.end();
  });

  it('drops traffic silently: a query with a timeout times out', async () => {
    const client = await connectThrough(proxy, { queryTimeoutMs: 300 });
    proxy.dropTraffic(true);
    await expect(client.query('SELECT 1')).rejects.toThrow(/timeout/i);
    await client.end().catch(() => undefined);
  });

  it('delays traffic: a delay past the query timeout fails it, no delay passes', async () => {
    const client = await connectThrough(proxy, { queryTimeoutMs: 250 });
    proxy.setDelay(600);
    await expect(client.query('SELECT 1')).rejects.toThrow(/timeout/i);
    await client.end().catch(() => undefined);
    proxy.setDelay(0);
    const fresh = await connectThrough(proxy, { queryTimeoutMs: 5000 });
    expect((await fresh.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    await fresh.end();
  });
});

describe('FaultProxy in front of the real RabbitMQ', () => {
  const names = isolatedBrokerNames('fault proxy');
  let proxy: FaultProxy;
  let connection: Connection;

  beforeAll(async () => {
    proxy = await FaultProxy.start(target(testEnv.rabbitmqUrl, 5672));
    connection = new Connection({ url: proxy.rewrite(testEnv.rabbitmqUrl), retryLow: 50, retryHigh: 200 });
    connection.on('error', () => undefined);
    await connection.onConnect(5000);
  });
  afterAll(async () => {
    await connection.close();
    await proxy.stop();
    await names.cleanup();
  });

  it('carries AMQP, and the client reconnects through it after a cut', async () => {
    const queue = names.queue('probe');
    await connection.queueDeclare({ queue, durable: false, exclusive: false, autoDelete: false });
    const publisher = connection.createPublisher({ confirm: true });
    await publisher.send(queue, 'before');

    const reconnected = new Promise<void>((resolve) => connection.once('connection', () => resolve()));
    proxy.cutAll();
    await reconnected;

    await publisher.send(queue, 'after');
    const { messageCount } = await connection.queueDeclare({ queue, passive: true });
    expect(messageCount).toBe(2);
    expect(proxy.stats()).toMatchObject({ accepted: 2 });
    await publisher.close();
  });
});
