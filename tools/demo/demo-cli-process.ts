import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../workspace/workspace-paths';

/** What a finished demo CLI process gave back. */
export interface DemoCliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built demo CLI (`dist/out-tsc/tools/demo/demo-cli.js`, as `npm run demo` does after
 * its build) with `args`, against the given PostgreSQL and RabbitMQ, and waits for it: the demos'
 * end-to-end tests drive it this way.
 *
 * @example const run = runDemoCli(['--vertical', 'triage', '--size', '24'], { databaseUrl, rabbitmqUrl });
 */
export function runDemoCli(
  args: readonly string[],
  services: { readonly databaseUrl: string; readonly rabbitmqUrl: string },
  timeoutMs = 120_000,
): DemoCliRun {
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'tools/runtime/run.js'), 'dist/out-tsc/tools/demo/demo-cli.js', ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: timeoutMs,
      env: { ...process.env, DATABASE_URL: services.databaseUrl, RABBITMQ_URL: services.rabbitmqUrl },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
