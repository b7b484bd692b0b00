/** Where the shutdown reports and how it ends the process; injected by tests. */
export interface ShutdownIo {
  readonly write: (line: string) => void;
  readonly exit: (code: number) => void;
  readonly on: (signal: NodeJS.Signals, listener: () => void) => void;
}

const processIo: ShutdownIo = {
  write: (line) => process.stdout.write(line),
  exit: (code) => process.exit(code),
  on: (signal, listener) => process.on(signal, listener),
};

/** Exit codes: clean, grace exceeded, and a second signal (128 + SIGINT, as shells report it). */
export const SHUTDOWN_EXIT = { clean: 0, graceExceeded: 1, forced: 130 } as const;

/**
 * On SIGTERM or SIGINT, stops the process gracefully: `stop` stops taking requests and messages,
 * finishes what the process holds and closes in order; the process then exits 0. If that takes
 * longer than `graceMs`, or a second signal arrives, it exits at once with what it holds
 * unfinished: messages it held go back to the broker, which a clean stop never does (each
 * return counts toward a quorum queue's delivery limit).
 *
 * @example exitGracefully({ name: 'loan worker', graceMs: config.SHUTDOWN_GRACE_MS, stop: () => running.stop() });
 */
export function exitGracefully(
  options: { readonly name: string; readonly graceMs: number; readonly stop: () => Promise<void> },
  io: ShutdownIo = processIo,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      io.write(`${options.name}: ${signal} again; exiting now\n`);
      io.exit(SHUTDOWN_EXIT.forced);
      return;
    }
    stopping = true;
    const started = Date.now();
    io.write(`${options.name}: ${signal}; finishing what it holds (grace ${options.graceMs} ms)\n`);
    const timer = setTimeout(() => {
      io.write(`${options.name}: still busy after ${options.graceMs} ms; exiting with work unfinished\n`);
      io.exit(SHUTDOWN_EXIT.graceExceeded);
    }, options.graceMs);
    timer.unref();
    options.stop().then(
      () => {
        clearTimeout(timer);
        io.write(`${options.name}: stopped cleanly in ${Date.now() - started} ms\n`);
        io.exit(SHUTDOWN_EXIT.clean);
      },
      (error: unknown) => {
        clearTimeout(timer);
        io.write(`${options.name}: stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        io.exit(SHUTDOWN_EXIT.graceExceeded);
      },
    );
  };
  io.on('SIGTERM', () => onSignal('SIGTERM'));
  io.on('SIGINT', () => onSignal('SIGINT'));
}
