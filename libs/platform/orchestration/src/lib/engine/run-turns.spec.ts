import { RunTurns } from './run-turns';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('RunTurns', () => {
  it('runs one run’s work one at a time, in arrival order, and other runs’ work alongside', async () => {
    const turns = new RunTurns();
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} in`);
      await tick();
      log.push(`${name} out`);
      return name;
    };
    const results = await Promise.all([
      turns.take('a', work('a1')),
      turns.take('a', work('a2')),
      turns.take('b', work('b1')),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 out')).toBeLessThan(log.indexOf('a2 in'));
    expect(log.indexOf('b1 in')).toBeLessThan(log.indexOf('a1 out'));
  });

  it('lets the next turn run after one that failed, and hands the failure to its own caller', async () => {
    const turns = new RunTurns();
    const failed = turns.take('a', async () => {
      throw new Error('lost');
    });
    const next = turns.take('a', async () => 'ran');
    await expect(failed).rejects.toThrow('lost');
    await expect(next).resolves.toBe('ran');
  });
});
