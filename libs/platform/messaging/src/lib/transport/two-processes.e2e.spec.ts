import { Connection } from 'rabbitmq-client';
import { BuiltProcess, freePort, isolatedBrokerNames, startBuiltProcess, testEnv } from '@baton/testing';
import { buildTopology } from '../topology/topology';
import { deleteTopology } from '../topology/declare-topology';

const fixtures = 'dist/out-tsc/libs/platform/messaging/fixtures';

describe('request/reply and events between two Nest applications in separate processes (real RabbitMQ)', () => {
  const names = isolatedBrokerNames('two processes');
  const started: BuiltProcess[] = [];
  let requester: string;
  let responder: { url: string; process: BuiltProcess };

  beforeAll(async () => {
    const env = { RABBITMQ_URL: testEnv.rabbitmqUrl, NAMESPACE: names.prefix };
    const responderPort = await freePort();
    const responderProcess = await startBuiltProcess({
      entry: `${fixtures}/responder-app.js`,
      env: { ...env, PORT: String(responderPort) },
      ready: { outputMatches: /responder ready/ },
    });
    started.push(responderProcess);
    responder = { url: `http://127.0.0.1:${responderPort}`, process: responderProcess };
    const requesterPort = await freePort();
    started.push(
      await startBuiltProcess({
        entry: `${fixtures}/requester-app.js`,
        env: { ...env, PORT: String(requesterPort) },
        ready: { outputMatches: /requester ready/ },
      }),
    );
    requester = `http://127.0.0.1:${requesterPort}`;
  });

  afterAll(async () => {
    await Promise.all(started.map((process) => process.stop()));
    const topology = buildTopology({
      vertical: 'echo',
      version: 1,
      namespace: names.prefix,
      commands: ['test.echo.requested'],
      events: ['test.thing.happened'],
    });
    const raw = new Connection(testEnv.rabbitmqUrl);
    await deleteTopology(raw, topology);
    await raw.close();
    await names.cleanup();
  });

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${requester}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('a command sent by one process is answered by the other', async () => {
    const reply = await post('/echo', { text: 'across processes' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      type: 'test.echo.replied',
      payload: { text: 'ACROSS PROCESSES', handledBy: responder.process.pid },
    });
  });

  it('an event emitted by one process reaches the other', async () => {
    await post('/things', { n: 42 });
    const deadline = Date.now() + 10_000;
    let observed: { pid: number; things: number[] } = { pid: 0, things: [] };
    while (!observed.things.includes(42) && Date.now() < deadline) {
      observed = (await (await fetch(`${responder.url}/observed`)).json()) as typeof observed;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(observed).toEqual({ pid: responder.process.pid, things: [42] });
  });
});
