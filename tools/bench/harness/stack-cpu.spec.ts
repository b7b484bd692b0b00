import { budgetTable, cpuMsPerUnit, stackCpuGroups } from './stack-cpu';

const budget = { msPerUnit: { api: 5, workers: 20, postgres: 10, other: 5 }, totalMsPerUnit: 40, ceilingPerSec: 50 };

describe("a vertical stack's CPU budget", () => {
  it('counts the first pid as the API, the rest as workers, and PostgreSQL, RabbitMQ and the bench by name or pid', () => {
    const groups = stackCpuGroups([10, 11, 12]);
    const of = (pid: number, command: string) => groups.find((group) => group.matches(pid, command))?.name;
    expect([of(10, 'node'), of(12, 'node'), of(7, 'postgres'), of(8, 'beam.smp'), of(process.pid, 'node')]).toEqual([
      'api',
      'workers',
      'postgres',
      'rabbitmq',
      'benchClient',
    ]);
    expect(of(99, 'node')).toBeUndefined();
  });

  it("prints each group's ms and share under the vertical's names, the total, and the ceiling against a target", () => {
    const table = budgetTable(budget, {
      vertical: 'triage',
      heading: 'CPU per assignment, concurrency 8',
      unit: 'assignment',
      cores: 2,
      targetPerSec: 100,
    });
    expect(table.split('\n')).toEqual([
      '| CPU per assignment, concurrency 8 | ms | share |',
      '| --- | ---: | ---: |',
      '| triage API | 5 | 13% |',
      '| triage worker | 20 | 50% |',
      '| PostgreSQL | 10 | 25% |',
      '| rest of the machine (kernel, others) | 5 | 13% |',
      '| total | 40 | 100% |',
      '',
      '2 cores at 40 ms of CPU per assignment sustain at most 50 assignments/s; 100/s needs 20 ms or less',
    ]);
  });

  it('keeps the budget for the results file as ms per unit with the total', () => {
    expect(cpuMsPerUnit(budget)).toEqual({ api: 5, workers: 20, postgres: 10, other: 5, total: 40 });
  });
});
