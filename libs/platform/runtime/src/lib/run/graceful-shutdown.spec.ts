import { exitGracefully, SHUTDOWN_EXIT, ShutdownIo } from './graceful-shutdown';

/** A process stand-in: signals are sent by hand, lines and the exit code recorded. */
function fakeProcess() {
  const listeners = new Map<string, () => void>();
  const lines: string[] = [];
  let exitCode: number | null = null;
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const io: ShutdownIo = {
    write: (line) => lines.push(line),
    exit: (code) => {
      exitCode = code;
      resolveExit(code);
    },
    on: (signal, listener) => listeners.set(signal, listener),
  };
  return { io, lines, exited, send: (signal: string) => listeners.get(signal)?.(), code: () => exitCode };
}

describe('exitGracefully', () => {
  it('finishes what the process holds, then exits 0', async () => {
    const proc = fakeProcess();
    let stopped = false;
    exitGracefully({ name: 'echo worker', graceMs: 1_000, stop: async () => void (stopped = true) }, proc.io);
    proc.send('SIGTERM');
    expect(await proc.exited).toBe(SHUTDOWN_EXIT.clean);
    expect(stopped).toBe(true);
    expect(proc.lines.join('')).toMatch(/SIGTERM; finishing what it holds \(grace 1000 ms\)[\s\S]*stopped cleanly/);
  });

  it('exits 1 when the grace period passes with work in hand', async () => {
    const proc = fakeProcess();
    exitGracefully({ name: 'echo worker', graceMs: 20, stop: () => new Promise(() => undefined) }, proc.io);
    proc.send('SIGINT');
    expect(await proc.exited).toBe(SHUTDOWN_EXIT.graceExceeded);
    expect(proc.lines.join('')).toMatch(/still busy after 20 ms/);
  });

  it('exits at once on a second signal', async () => {
    const proc = fakeProcess();
    exitGracefully({ name: 'echo worker', graceMs: 60_000, stop: () => new Promise(() => undefined) }, proc.io);
    proc.send('SIGTERM');
    expect(proc.code()).toBeNull();
    proc.send('SIGTERM');
    expect(await proc.exited).toBe(SHUTDOWN_EXIT.forced);
  });

  it('exits 1 when stopping fails', async () => {
    const proc = fakeProcess();
    exitGracefully({ name: 'echo api', graceMs: 1_000, stop: () => Promise.reject(new Error('pool gone')) }, proc.io);
    proc.send('SIGTERM');
    expect(await proc.exited).toBe(SHUTDOWN_EXIT.graceExceeded);
    expect(proc.lines.join('')).toMatch(/stop failed: pool gone/);
  });
});
