/**
 * One request; a `repeatable` one (a read, a submission under its Idempotency-Key) is sent once
 * more when the connection failed before any answer.
 *
 * @example const response = await sendRequest(`${url}/v1/encounters`, { method: 'POST', headers, body }, true);
 */
export async function sendRequest(
  url: string,
  init: RequestInit,
  repeatable: boolean,
  onRetry?: (problem: string) => void,
): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const problem = `${init.method ?? 'GET'} ${url} failed: ${cause?.code ?? ''} ${cause?.message ?? (error as Error).message}`;
      if (!repeatable || attempt >= 2) throw new Error(problem, { cause: error });
      onRetry?.(problem);
    }
  }
}
