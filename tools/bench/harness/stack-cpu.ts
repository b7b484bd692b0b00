import { cpus } from 'node:os';
import { cpuBudget, type CpuBudget, type CpuReading, type ProcessGroup, readCpu } from './cpu-budget';
import { round } from './report';

/**
 * The process groups of a vertical's stack whose CPU a bench counts: the API (the first
 * process), its workers, PostgreSQL, RabbitMQ (the Erlang VM) and the bench client itself.
 *
 * @example const groups = stackCpuGroups(stack.processes.map((child) => child.pid));
 */
export function stackCpuGroups(pids: readonly number[]): ProcessGroup[] {
  const [api, ...workers] = pids;
  return [
    { name: 'api', matches: (pid) => pid === api },
    { name: 'workers', matches: (pid) => workers.includes(pid) },
    { name: 'postgres', matches: (_pid, command) => command === 'postgres' },
    { name: 'rabbitmq', matches: (_pid, command) => command.startsWith('beam') },
    { name: 'benchClient', matches: (pid) => pid === process.pid },
  ];
}

/**
 * Reads the groups' CPU before and after a phase (`measure` brackets it with the two callbacks)
 * and returns the budget per unit of work, or null where there is no `/proc`.
 *
 * @example const { value, budget } = await withCpuBudget(groups, units, (before, after) => runPhase({ before, after }));
 */
export async function withCpuBudget<T>(
  groups: readonly ProcessGroup[],
  units: number,
  measure: (before: () => void, after: () => void) => Promise<T>,
): Promise<{ readonly value: T; readonly budget: CpuBudget | null }> {
  let first: CpuReading | null = null;
  let last: CpuReading | null = null;
  const value = await measure(
    () => (first = readCpu(groups)),
    () => (last = readCpu(groups)),
  );
  return { value, budget: first && last ? cpuBudget(first, last, units, cpus().length) : null };
}

/** The budget as the results file keeps it: ms per unit by group, rounded, and the total. */
export function cpuMsPerUnit(budget: CpuBudget): Record<string, number> {
  return {
    ...Object.fromEntries(Object.entries(budget.msPerUnit).map(([name, ms]) => [name, round(ms, 3)])),
    total: round(budget.totalMsPerUnit, 3),
  };
}

/**
 * Where each unit's CPU went, by process group, and what the cores allow at that cost.
 *
 * @example budgetTable(budget, { vertical: 'loan', heading: 'CPU per decision, concurrency 32', unit: 'decision', cores: 2, targetPerSec: 200 })
 */
export function budgetTable(
  budget: CpuBudget,
  options: {
    readonly vertical: string;
    readonly heading: string;
    /** One unit of work, singular (`decision`, `assignment`). */
    readonly unit: string;
    readonly cores: number;
    readonly targetPerSec?: number;
  },
): string {
  const labels: Record<string, string> = {
    api: `${options.vertical} API`,
    workers: `${options.vertical} worker`,
    postgres: 'PostgreSQL',
    rabbitmq: 'RabbitMQ',
    benchClient: 'bench client',
    other: 'rest of the machine (kernel, others)',
  };
  const rows = Object.entries(budget.msPerUnit).map(
    ([name, ms]) =>
      `| ${labels[name] ?? name} | ${round(ms, 3)} | ${Math.round((100 * ms) / budget.totalMsPerUnit)}% |`,
  );
  const { cores, unit, targetPerSec } = options;
  const ceiling = `${cores} cores at ${round(budget.totalMsPerUnit, 3)} ms of CPU per ${unit} sustain at most ${Math.round(budget.ceilingPerSec)} ${unit}s/s`;
  const target = targetPerSec ? `; ${targetPerSec}/s needs ${round((cores * 1000) / targetPerSec, 3)} ms or less` : '';
  return [
    `| ${options.heading} | ms | share |`,
    '| --- | ---: | ---: |',
    ...rows,
    `| total | ${round(budget.totalMsPerUnit, 3)} | 100% |`,
    '',
    `${ceiling}${target}`,
  ].join('\n');
}
