import { freePort, startBuiltProcess } from './built-process';

const entry = 'dist/out-tsc/libs/platform/testing/fixtures/echo-service.js';

describe('startBuiltProcess (real child processes from built JavaScript)', () => {
  it('starts a Nest process whose dependency injection works, and SIGKILLs it', async () => {
    const port = await freePort();
    const echo = await startBuiltProcess({
      entry,
      env: { PORT: String(port), ROLE: 'worker' },
      ready: { httpGet: `http://127.0.0.1:${port}/health` },
    });
    const body = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { pid: number; role: string };
    expect(body).toEqual({ pid: echo.pid, role: 'worker' });

    await expect(echo.kill('SIGKILL')).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('waits for a line of output as readiness, and stops gracefully', async () => {
    const echo = await startBuiltProcess({
      entry,
      env: { PORT: String(await freePort()) },
      ready: { outputMatches: /echo-service ready/ },
    });
    await expect(echo.stop()).resolves.toMatchObject({ signal: 'SIGTERM' });
  });

  it('reports a missing build and an early exit clearly', async () => {
    await expect(startBuiltProcess({ entry: 'dist/out-tsc/nope.js', ready: { outputMatches: /x/ } })).rejects.toThrow(
      /npm run build/,
    );
    await expect(
      startBuiltProcess({ entry, env: { PORT: '-1' }, ready: { outputMatches: /never/ }, timeoutMs: 10_000 }),
    ).rejects.toThrow(/did not become ready: exited early/);
  });
});
