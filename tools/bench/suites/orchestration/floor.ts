// The floor: what one raw Postgres commit and one raw RabbitMQ round trip cost on this machine.
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Connection } from 'rabbitmq-client';

/** N single-row INSERT commits, one after another, on one connection; milliseconds each. */
export async function rawCommits(databaseUrl: string, schema: string, count: number): Promise<number[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${schema}".bench_floor (id bigserial PRIMARY KEY, body text NOT NULL)`,
    );
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await client.query(`INSERT INTO "${schema}".bench_floor (body) VALUES ($1)`, [`row ${i}`]);
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await client.end();
  }
}

/** N persistent publishes with confirm to a durable quorum queue, each consumed and acked before the next. */
export async function rawRoundTrips(rabbitmqUrl: string, queue: string, count: number): Promise<number[]> {
  const connection = new Connection(rabbitmqUrl);
  await connection.queueDeclare({ queue, durable: true, arguments: { 'x-queue-type': 'quorum' } });
  const publisher = connection.createPublisher({ confirm: true });
  let arrived: (() => void) | null = null;
  const consumer = connection.createConsumer(
    { queue, qos: { prefetchCount: 1 }, queueOptions: { passive: true } },
    async () => {
      arrived?.();
    },
  );
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const consumed = new Promise<void>((resolve) => (arrived = resolve));
      await publisher.send(
        { routingKey: queue, durable: true, contentType: 'application/json' },
        Buffer.from(JSON.stringify({ i })),
      );
      await consumed;
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await consumer.close();
    await publisher.close();
    await connection.queueDelete({ queue });
    await connection.close();
  }
}
