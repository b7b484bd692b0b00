import { isConfigError } from './config-error';

/** Where {@link runMain} reports and how it ends the process; injected by tests. */
export interface MainIo {
  readonly write: (line: string) => void;
  readonly exit: (code: number) => void;
}

const processIo: MainIo = { write: (line) => process.stderr.write(line), exit: (code) => process.exit(code) };

/**
 * Runs a process's main function. A start-up failure Baton understands (bad configuration, a
 * service that does not answer) prints its explanation as plain lines and exits 1, without a
 * stack trace; anything else is a bug and keeps its stack.
 *
 * @example runMain(async () => { const config = loadConfig(schema); await start(config); });
 */
export function runMain(main: () => Promise<void>, io: MainIo = processIo): Promise<void> {
  return main().catch((error: unknown) => {
    if (isConfigError(error)) {
      io.write(`baton: ${error.message}\n`);
    } else {
      io.write(`baton: unexpected failure\n${error instanceof Error ? error.stack : String(error)}\n`);
    }
    io.exit(1);
  });
}
