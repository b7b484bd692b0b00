// What every vertical-aware tool (token, erase, audit, kpi, dlq, policy) does first: find the
// vertical it was pointed at and read the environment with that vertical's own schema, so
// DATABASE_SCHEMA, BROKER_NAMESPACE and the audit key mean in a tool exactly what they mean in
// the app (unset: the vertical's defaults).
import { loadConfig, runMain } from '@baton/config';
import { isRuntimeError, type VerticalConfig } from '@baton/runtime';
import { resolveVertical, type WorkspaceVertical, verticals } from './verticals';

/** A vertical a tool works on, with the configuration its app would run with here. */
export interface ToolVertical extends WorkspaceVertical {
  readonly config: VerticalConfig;
}

/**
 * The vertical `--vertical` names (the only one when none is named) and its configuration. An
 * unknown name throws `UNKNOWN_VERTICAL` (listing the verticals), a bad variable the readable
 * `INVALID_CONFIGURATION` of `loadConfig`.
 *
 * @example
 * const { vertical, config } = readToolVertical(flags.vertical);
 * config.DATABASE_SCHEMA; // 'loan' unless DATABASE_SCHEMA is set
 */
export function readToolVertical(
  name: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  list: readonly WorkspaceVertical[] = verticals,
): ToolVertical {
  const entry = resolveVertical(name, list);
  return { ...entry, config: loadConfig(entry.vertical.envSchema, env) };
}

/**
 * `runMain` for a tool: a vertical that does not exist is bad usage, so it prints the one line
 * `baton: no vertical "x"; the verticals are: loan` and exits `usageExitCode` (2 unless the tool
 * already exits 1 for bad options), never a stack trace.
 *
 * @example void runTool(main);
 */
export function runTool(main: () => Promise<void>, usageExitCode: 1 | 2 = 2): Promise<void> {
  return runMain(async () => {
    try {
      await main();
    } catch (error) {
      if (!isRuntimeError(error, 'UNKNOWN_VERTICAL')) throw error;
      process.stderr.write(`baton: ${error.message}\n`);
      process.exitCode = usageExitCode;
    }
  });
}
