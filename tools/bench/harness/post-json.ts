import { Agent, request } from 'node:http';

/**
 * POSTs JSON over a kept-alive connection and resolves with the status and body. Node's `http`
 * rather than `fetch`: the client shares the machine it measures, and undici's `fetch` cost
 * about twice the CPU per request here.
 *
 * @example const { status, text } = await postJson(agent, `${url}/v1/encounters`, { authorization }, JSON.stringify(encounter));
 */
export function postJson(
  agent: Agent,
  url: string,
  headers: Record<string, string>,
  body: string,
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
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
