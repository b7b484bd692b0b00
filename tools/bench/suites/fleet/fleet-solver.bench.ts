import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { solveRouting } from '@baton/fleet-routing-domain';
import { readSolomonFile } from '../../../fleet/solomon-file';
import { repoRoot } from '../../../workspace/workspace-paths';
import type { CustomBenchSuite } from '../../harness/bench-suite';
import { fleetTable, gapChart, gaps, type InstanceFigures, meetsTarget, totals } from './fleet-figures';

const INSTANCES = ['C101', 'C201', 'R101', 'R201', 'RC101', 'RC201'] as const;
const DEFAULT_TIME_LIMIT_MS = 10_000;
const SMOKE_TIME_LIMIT_MS = 100;
const SEED = 1;

/** Solomon's instances live in the shared data beside the checkout, as CI lays them out. */
const dataDir = () => join(repoRoot, '..', 'shared', 'fleet');

function timeLimitFrom(args: readonly string[], smoke: boolean): number {
  const at = args.indexOf('--time-limit-ms');
  if (at < 0) return smoke ? SMOKE_TIME_LIMIT_MS : DEFAULT_TIME_LIMIT_MS;
  const value = Number(args[at + 1]);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error('--time-limit-ms must be a positive integer');
  return value;
}

/**
 * The VRPTW solver on six of Solomon's instances (one per class), each under a time limit, against
 * the best-known solutions: vehicles first, then distance. The machine is shared, so the load
 * average is recorded beside the figures. `--time-limit-ms N` changes the limit (default 10 s).
 */
export const fleetSolverSuite: CustomBenchSuite = {
  description: "VRPTW solver on Solomon's C101, C201, R101, R201, RC101, RC201 against the best known",
  async run(progress, { smoke, args }) {
    const timeLimitMs = timeLimitFrom(args, smoke);
    const dir = dataDir();
    const bestKnownFile = join(dir, 'best-known.json');
    if (!existsSync(bestKnownFile)) throw new Error(`no Solomon data: ${bestKnownFile} is missing`);
    const bestKnown = JSON.parse(readFileSync(bestKnownFile, 'utf8')) as Record<
      string,
      { vehicles: number; distance: number }
    >;
    const loadBefore = loadavg()[0] ?? 0;
    const rows: InstanceFigures[] = [];
    for (const name of INSTANCES) {
      const { problem } = readSolomonFile(join(dir, 'solomon', `${name}.txt`));
      const started = performance.now();
      const plan = solveRouting(problem, { seed: SEED, timeLimitMs, now: () => performance.now() });
      const seconds = (performance.now() - started) / 1000;
      const best = bestKnown[name] ?? { vehicles: 0, distance: 0 };
      if (plan.unassigned.length > 0 || plan.lateStops.length > 0 || plan.unservable.length > 0)
        throw new Error(`${name}: the plan leaves orders out or late`);
      rows.push({
        name,
        vehicles: plan.vehicles,
        distance: plan.distance,
        bestVehicles: best.vehicles,
        bestDistance: best.distance,
        seconds,
        iterations: plan.iterations,
      });
      progress(`${name}: ${plan.vehicles} vehicles, distance ${plan.distance.toFixed(2)} in ${seconds.toFixed(1)} s`);
    }
    const total = totals(rows);
    const load = { before: loadBefore, after: loadavg()[0] ?? 0 };
    const verdict = meetsTarget(total) ? 'met' : 'missed';
    const table = [
      fleetTable(rows, total),
      '',
      'distance gap to best known (# = 0.25%), vehicle gap:',
      gapChart(rows),
      '',
      `${timeLimitMs} ms per instance, seed ${SEED}; load average ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after, ${cpus().length} cores`,
      `target (vehicles at most best + 1, distance within 2% over the six): ${verdict}`,
    ].join('\n');
    return {
      table,
      result: {
        suite: 'fleet-solver',
        description: fleetSolverSuite.description,
        config: { timeLimitMs, seed: SEED, loadAverage: load },
        instances: Object.fromEntries(
          rows.map((row) => [
            row.name,
            {
              vehicles: row.vehicles,
              distance: Number(row.distance.toFixed(2)),
              seconds: Number(row.seconds.toFixed(2)),
              iterations: row.iterations,
              bestKnown: { vehicles: row.bestVehicles, distance: row.bestDistance },
              gap: gaps(row),
            },
          ]),
        ),
        total: {
          vehicles: total.vehicles,
          distance: Number(total.distance.toFixed(2)),
          bestKnown: { vehicles: total.bestVehicles, distance: Number(total.bestDistance.toFixed(2)) },
          gap: gaps(total),
          target: verdict,
        },
        machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length },
        recordedAt: new Date().toISOString(),
      },
    };
  },
};
