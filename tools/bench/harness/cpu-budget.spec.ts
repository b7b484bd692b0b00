import { cpuBudget, CpuReading, readCpu } from './cpu-budget';

const reading = (groups: Record<string, number>, machineMs: number): CpuReading => ({
  groups: new Map(Object.entries(groups)),
  machineMs,
});

describe('CPU budget of a benchmark phase', () => {
  it("divides each group's CPU by the work done, counts the rest of the machine as other, and gives the ceiling", () => {
    const before = reading({ api: 1_000, worker: 2_000, postgres: 500 }, 10_000);
    const after = reading({ api: 1_500, worker: 4_000, postgres: 1_500 }, 14_000);
    const budget = cpuBudget(before, after, 100, 2);
    expect(budget.msPerUnit).toEqual({ api: 5, worker: 20, postgres: 10, other: 5 });
    expect(budget.totalMsPerUnit).toBe(40);
    // Two cores give 2,000 ms of CPU a second: 50 units at 40 ms each.
    expect(budget.ceilingPerSec).toBe(50);
  });

  it('never reports less machine time than its groups used (readings taken a tick apart)', () => {
    const budget = cpuBudget(reading({ worker: 0 }, 0), reading({ worker: 300 }, 200), 10, 2);
    expect(budget.msPerUnit['other']).toBe(0);
    expect(budget.totalMsPerUnit).toBe(30);
  });

  it("reads this process's CPU time from /proc, and it grows while the process works", () => {
    const groups = [{ name: 'self', matches: (pid: number) => pid === process.pid }];
    const before = readCpu(groups);
    if (before === null)
      throw new Error('no /proc on this machine: the budget is Linux-only, and this suite runs on Linux');
    // Busy until the process itself (process.cpuUsage, not /proc) has used 150 ms of CPU.
    const start = process.cpuUsage();
    let spin = 0;
    while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < 150) spin += Math.sqrt(spin + 1);
    const after = readCpu(groups) as CpuReading;
    expect(spin).toBeGreaterThan(0);
    expect((after.groups.get('self') ?? 0) - (before.groups.get('self') ?? 0)).toBeGreaterThanOrEqual(100);
    expect(after.machineMs).toBeGreaterThan(before.machineMs);
  });
});
