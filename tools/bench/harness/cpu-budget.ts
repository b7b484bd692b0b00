import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** A group of processes whose CPU time is counted together. */
export interface ProcessGroup {
  readonly name: string;
  /** Whether a process belongs to the group, by its pid and its command name (`comm`). */
  matches(pid: number, command: string): boolean;
}

/** CPU milliseconds per group, and of the whole machine (every process, the kernel's too). */
export interface CpuReading {
  readonly groups: ReadonlyMap<string, number>;
  readonly machineMs: number;
}

/** CPU time per group over a measured phase, divided by the work done in it. */
export interface CpuBudget {
  /** Milliseconds of CPU per unit of work, per group, plus `other` (the rest of the machine). */
  readonly msPerUnit: Readonly<Record<string, number>>;
  readonly totalMsPerUnit: number;
  /** Units per second the machine's cores could do at this cost, were nothing else waiting. */
  readonly ceilingPerSec: number;
}

/**
 * Reads the CPU time used so far by each group, from `/proc` (utime + stime of every process,
 * and the machine's busy time from `/proc/stat`). Returns null where there is no `/proc`
 * (macOS, Windows): the bench then leaves the budget out.
 *
 * @example const before = readCpu(groups); await phase(); const budget = cpuBudget(before, readCpu(groups), applications, cpus().length);
 */
export function readCpu(groups: readonly ProcessGroup[]): CpuReading | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const totals = new Map<string, number>(groups.map((group) => [group.name, 0]));
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // The process ended between the listing and the read.
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(')');
    const command = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const group = groups.find((candidate) => candidate.matches(Number(entry), command));
    if (group) totals.set(group.name, (totals.get(group.name) ?? 0) + (ticks * 1000) / TICKS_PER_SECOND);
  }
  return { groups: totals, machineMs: machineBusyMs() };
}

function machineBusyMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
  const busy = cpu.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return (busy * 1000) / TICKS_PER_SECOND;
}

/**
 * The CPU each group spent per unit of work between two readings; what the groups do not
 * account for is `other`. The ceiling is what `cores` could sustain at this total cost.
 *
 * @example cpuBudget(before, after, 2_000, 2) // { msPerUnit: { api: 4.9, worker: 14.5, ... }, totalMsPerUnit: 40, ceilingPerSec: 50 }
 */
export function cpuBudget(before: CpuReading, after: CpuReading, units: number, cores: number): CpuBudget {
  const msPerUnit: Record<string, number> = {};
  let grouped = 0;
  for (const [name, ms] of after.groups) {
    const spent = Math.max(0, ms - (before.groups.get(name) ?? 0));
    grouped += spent;
    msPerUnit[name] = spent / units;
  }
  const machine = Math.max(grouped, after.machineMs - before.machineMs);
  msPerUnit['other'] = (machine - grouped) / units;
  const totalMsPerUnit = machine / units;
  return { msPerUnit, totalMsPerUnit, ceilingPerSec: totalMsPerUnit > 0 ? (cores * 1000) / totalMsPerUnit : 0 };
}
