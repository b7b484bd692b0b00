// npm run fleet -- solve <instance-file> [--time-limit-ms N] [--iterations N] [--seed S]
// Solves one VRPTW instance in Solomon's format and prints the plan as JSON on stdout:
//   { "routes": [[customer ids in visiting order], ...], "vehicles": n, "distance": d }
// Progress, and the orders no plan can serve with the reason, go to stderr. A malformed file or a
// bad flag exits 2 with a message naming the line and field (or the flag).
import { parseArgs } from 'node:util';
import { isFleetDomainError, solveRouting } from '@baton/fleet-routing-domain';
import { readSolomonFile, summarisePlan } from './solomon-file';

const USAGE = 'usage: npm run fleet -- solve <instance-file> [--time-limit-ms N] [--iterations N] [--seed S]';
const DEFAULT_TIME_LIMIT_MS = 10_000;

function usageError(message: string): never {
  process.stderr.write(`fleet: ${message} (${USAGE})\n`);
  process.exit(2);
}

function fileError(message: string): never {
  process.stderr.write(`fleet: ${message}\n`);
  process.exit(2);
}

function integerFlag(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) usageError(`--${name} must be an integer of at least ${min}`);
  return value;
}

function readCommand() {
  try {
    const { values, positionals } = parseArgs({
      options: {
        'time-limit-ms': { type: 'string' },
        iterations: { type: 'string' },
        seed: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    const flag = /'(--?[^']*)'/.exec((error as Error).message)?.[1];
    return usageError(flag ? `unknown option ${flag}` : (error as Error).message);
  }
}

function main(): void {
  const { values, positionals } = readCommand();
  const [command, file, ...extra] = positionals;
  if (command !== 'solve') usageError(command ? `unknown command ${command}` : 'name a command');
  if (!file || extra.length > 0) usageError('name exactly one instance file');
  const iterations = integerFlag('iterations', values.iterations, 0);
  const given = integerFlag('time-limit-ms', values['time-limit-ms'], 0);
  const timeLimitMs = given ?? (iterations === undefined ? DEFAULT_TIME_LIMIT_MS : undefined);
  const seed = integerFlag('seed', values.seed, -Number.MAX_SAFE_INTEGER) ?? 1;
  let source;
  try {
    source = readSolomonFile(file);
  } catch (error) {
    if (isFleetDomainError(error, 'MALFORMED_INSTANCE')) fileError(`${file}: ${error.message}`);
    return fileError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const { instance, problem } = source;
  const log = (message: string) => process.stderr.write(`fleet ${instance.name}: ${message}\n`);
  log(`${instance.customers.length} customers, ${instance.vehicles} vehicles of ${instance.capacity}`);
  let lastShown = 0;
  const plan = solveRouting(problem, {
    seed,
    iterations,
    timeLimitMs,
    now: () => performance.now(),
    onImprovement: (progress) => {
      const at = performance.now();
      if (progress.phase === 'distance' && at - lastShown < 1_000) return;
      lastShown = at;
      log(
        `${progress.phase}: ${progress.vehicles} vehicles, distance ${progress.distance.toFixed(2)} (iteration ${progress.iterations})`,
      );
    },
  });
  for (const entry of plan.unservable)
    log(`order ${entry.orderId} cannot be served: ${entry.reason} (${entry.detail})`);
  for (const entry of plan.unassigned) log(`order ${entry.orderId} left out: ${entry.reason}`);
  for (const entry of plan.lateStops) log(`order ${entry.orderId} served ${entry.minutesLate.toFixed(2)} late`);
  log(`done: ${plan.vehicles} vehicles, distance ${plan.distance.toFixed(2)}, ${plan.iterations} iterations`);
  process.stdout.write(`${JSON.stringify(summarisePlan(plan))}\n`);
}

main();
