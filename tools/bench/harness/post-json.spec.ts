import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepAliveAgent, postJson } from './post-json';

// A server that drops a kept-alive connection when its second request arrives, as a server whose
// keep-alive timeout fires just as the client reuses the socket.
function droppingServer(): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const perSocket = new WeakMap<object, number>();
  const server = createServer((request, response) => {
    requests += 1;
    const seen = (perSocket.get(request.socket) ?? 0) + 1;
    perSocket.set(request.socket, seen);
    request.resume();
    request.on('end', () => {
      if (seen > 1) request.socket.destroy();
      else response.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests: () => requests }),
    ),
  );
}

describe('postJson over a kept-alive agent', () => {
  it('retries once on a fresh socket when a reused one is reset, for a body with an Idempotency-Key', async () => {
    const { server, url, requests } = await droppingServer();
    const agent = keepAliveAgent(1);
    try {
      const headers = { 'idempotency-key': 'k-1' };
      expect((await postJson(agent, url, headers, '{}')).status).toBe(202);
      expect(await postJson(agent, url, headers, '{}')).toEqual({ status: 202, text: '{"ok":true}' });
      expect(requests()).toBe(3);
    } finally {
      agent.destroy();
      server.close();
    }
  });

  it('does not retry a body without an Idempotency-Key: the reset reaches the caller', async () => {
    const { server, url, requests } = await droppingServer();
    const agent = keepAliveAgent(1);
    try {
      await postJson(agent, url, {}, '{}');
      await expect(postJson(agent, url, {}, '{}')).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(requests()).toBe(2);
    } finally {
      agent.destroy();
      server.close();
    }
  });
});
