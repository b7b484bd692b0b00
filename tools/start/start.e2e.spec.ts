import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, listedVerticals } from '../workspace/workspace-paths';

// Only the refusals, which come before the services start and the build: starting a vertical for
// real (services, build, app) is what the app suites do with the same dist/out-tsc/apps entry.
describe('npm start -- --vertical <short> (tools/start/run.sh)', () => {
  const start = (...args: string[]) => {
    const result = spawnSync('bash', [join(repoRoot, 'tools/start/run.sh'), ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 10_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('refuses a vertical that does not exist in one line listing them, with exit code 2', () => {
    expect(start('--vertical', 'nope')).toEqual({
      status: 2,
      stdout: '',
      stderr: `baton: no vertical "nope"; the verticals are: ${listedVerticals()}\n`,
    });
    expect(start('--vertical=nope').stderr).toBe(
      `baton: no vertical "nope"; the verticals are: ${listedVerticals()}\n`,
    );
  });

  it('prints its usage and exits 2 for anything else', () => {
    for (const args of [['--vertical'], ['--role', 'api'], ['loan']])
      expect(start(...args)).toEqual({ status: 2, stdout: '', stderr: 'usage: npm start [-- --vertical <short>]\n' });
  });
});
