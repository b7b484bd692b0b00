import { createServer } from 'node:net';
import { assertReachable, postgresDependency, rabbitmqDependency } from './reachability';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('assertReachable (real PostgreSQL and RabbitMQ)', () => {
  it('resolves when both services answer', async () => {
    await expect(
      assertReachable([
        postgresDependency(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
        rabbitmqDependency(process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672'),
      ]),
    ).resolves.toBeUndefined();
  });

  it('names each unreachable URL, password redacted, and how to start it, one line each', async () => {
    const port = await closedPort();
    const failure = assertReachable([
      postgresDependency(`postgres://postgres@127.0.0.1:${port}/baton`),
      rabbitmqDependency(`amqp://guest:topsecret@127.0.0.1:${port}`),
    ]);
    await expect(failure).rejects.toMatchObject({ code: 'DEPENDENCY_UNREACHABLE' });
    const lines = ((await failure.catch((error: Error) => error)) as Error).message.split('\n');
    expect(lines).toEqual([
      `cannot reach PostgreSQL at postgres://postgres@127.0.0.1:${port}/baton (ECONNREFUSED): start it with \`bash tools/services/start.sh postgres\` or set DATABASE_URL`,
      `cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:${port} (ECONNREFUSED): start it with \`bash tools/services/start.sh rabbitmq\` or set RABBITMQ_URL`,
    ]);
  });
});
