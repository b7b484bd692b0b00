import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The repository root, found from this file whether it runs from source or from dist. */
export const workspaceRoot = findWorkspaceRoot(__dirname);

/** How a started process proves it is ready. */
export type Readiness = { readonly httpGet: string } | { readonly outputMatches: RegExp };

export interface StartOptions {
  /** A built entry point relative to the workspace root, e.g. `dist/out-tsc/apps/x/src/main.js`. */
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly ready: Readiness;
  /** Name used in error messages; defaults to the entry. */
  readonly name?: string;
  readonly timeoutMs?: number;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running child process started by {@link startBuiltProcess}. */
export interface BuiltProcess {
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal (SIGKILL by default: no chance to clean up) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<ProcessExit>;
}

/**
 * Starts a role of an app from built JavaScript (`npm run build`), so decorator metadata and
 * therefore Nest dependency injection work as in production (tsx and esbuild drop it), and
 * waits until it is ready.
 *
 * @example
 * const worker = await startBuiltProcess({
 *   entry: 'dist/out-tsc/apps/loan-underwriting/src/main.js',
 *   env: { ROLE: 'worker', PORT: String(port) },
 *   ready: { httpGet: `http://127.0.0.1:${port}/health` },
 * });
 * await worker.kill('SIGKILL');
 */
export async function startBuiltProcess(options: StartOptions): Promise<BuiltProcess> {
  const entry = resolve(workspaceRoot, options.entry);
  const name = options.name ?? options.entry;
  if (!existsSync(entry)) {
    throw new Error(`${name}: ${options.entry} is not built; run \`npm run build\` first`);
  }
  const child = spawn(
    process.execPath,
    ['-r', join(workspaceRoot, 'tools/runtime/register.js'), entry, ...(options.args ?? [])],
    {
      cwd: workspaceRoot,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<ProcessExit>((done) => child.once('exit', (code, signal) => done({ code, signal })));

  const handle: BuiltProcess = {
    pid: child.pid as number,
    exited,
    output: () => output,
    kill: (signal = 'SIGKILL') => terminate(child, exited, signal),
    stop: async (graceMs = 5000) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const exit = await terminate(child, exited, 'SIGTERM');
      clearTimeout(timer);
      return exit;
    },
  };

  try {
    await waitUntilReady(options.ready, () => output, exited, options.timeoutMs ?? 30_000);
  } catch (error) {
    await handle.kill();
    throw new Error(`${name} did not become ready: ${(error as Error).message}\n--- output ---\n${output}`);
  }
  return handle;
}

/** A TCP port that was free a moment ago, for a process about to listen on it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function terminate(
  child: ChildProcess,
  exited: Promise<ProcessExit>,
  signal: NodeJS.Signals,
): Promise<ProcessExit> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  return exited;
}

async function waitUntilReady(
  ready: Readiness,
  output: () => string,
  exited: Promise<ProcessExit>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: ProcessExit | null = null;
  void exited.then((value) => (exit = value));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`exited early (${JSON.stringify(exit)})`);
    if ('outputMatches' in ready ? ready.outputMatches.test(output()) : await answers(ready.httpGet)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function findWorkspaceRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error(`no nx.json above ${start}`);
    dir = parent;
  }
  return dir;
}
