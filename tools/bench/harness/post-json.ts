import { Agent, request } from 'node:http';

/**
 * A kept-alive agent whose idle sockets close on the client's side after 2 s, before the server's
 * keep-alive timeout (Node's default 5 s) can close one just as a request goes out on it.
 *
 * @example const agent = keepAliveAgent(16);
 */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, timeout: 2_000 });
}

/**
 * POSTs JSON over a kept-alive connection and resolves with the status and body. Node's `http`
 * rather than `fetch`: the client shares the machine it measures, and undici's `fetch` cost
 * about twice the CPU per request here. A reused socket the server closed under the request
 * (`ECONNRESET`) is retried once, as Node's documentation advises: only for bodies sent with an
 * `Idempotency-Key`, so the retry gets the first response, never a second submission.
 *
 * @example const { status, text } = await postJson(agent, `${url}/v1/encounters`, { authorization, 'idempotency-key': id }, JSON.stringify(encounter));
 */
export function postJson(
  agent: Agent,
  url: string,
  headers: Record<string, string>,
  body: string,
  retried = false,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const idempotent = Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key');
      if (!retried && idempotent && outgoing.reusedSocket && error.code === 'ECONNRESET')
        resolve(postJson(agent, url, headers, body, true));
      else reject(error);
    });
    outgoing.end(body);
  });
}
