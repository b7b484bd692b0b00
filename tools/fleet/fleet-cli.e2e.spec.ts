import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../workspace/workspace-paths';

const run = promisify(execFile);
const cli = ['tools/runtime/run.js', 'dist/out-tsc/tools/fleet/fleet-cli.js'];
const c101 = join(repoRoot, '..', 'shared', 'fleet', 'solomon', 'C101.txt');

const failureOf = async (args: string[]) => {
  try {
    await run('node', [...cli, ...args], { cwd: repoRoot, timeout: 30_000 });
    return null;
  } catch (error) {
    return error as { code: number; stderr: string; stdout: string };
  }
};

describe('npm run fleet -- solve <instance-file>', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the plan as JSON on stdout (file ids, depot left out, every customer once) and progress on stderr', async () => {
    const { stdout, stderr } = await run('node', [...cli, 'solve', c101, '--iterations', '300', '--seed', '3'], {
      cwd: repoRoot,
      timeout: 60_000,
    });
    const plan = JSON.parse(stdout) as { routes: number[][]; vehicles: number; distance: number };
    expect(Object.keys(plan)).toEqual(['routes', 'vehicles', 'distance']);
    expect(plan.vehicles).toBe(plan.routes.length);
    expect(plan.routes.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_u, index) => index + 1));
    expect(stderr).toContain('fleet C101: 100 customers, 25 vehicles of 200');
    expect(stderr).toMatch(/fleet C101: done: \d+ vehicles, distance [\d.]+, 300 iterations/);
  }, 90_000);

  it('exits 2 naming the line and the field of a malformed file', async () => {
    const broken = join(dir, 'broken.txt');
    writeFileSync(broken, readFileSync(c101, 'utf8').replace(/^( {4}3 +42 +66 +)10/m, '$1ten'));
    const failure = await failureOf(['solve', broken]);
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('line 13, field DEMAND: "ten" is not a number');
    expect(failure?.stdout).toBe('');
  }, 60_000);

  it('lists an order no vehicle can carry on stderr with the reason and plans the others', async () => {
    const heavy = join(dir, 'heavy.txt');
    writeFileSync(heavy, readFileSync(c101, 'utf8').replace(/^( {4}3 +42 +66 +)10 /m, '$1500 '));
    const { stdout, stderr } = await run('node', [...cli, 'solve', heavy, '--iterations', '100'], {
      cwd: repoRoot,
      timeout: 60_000,
    });
    expect(stderr).toContain(
      'order 3 cannot be served: DEMAND_EXCEEDS_CAPACITY (demand 500 above the largest free capacity 200)',
    );
    const plan = JSON.parse(stdout) as { routes: number[][] };
    expect(plan.routes.flat()).not.toContain(3);
    expect(plan.routes.flat()).toHaveLength(99);
  }, 60_000);

  it('exits 2 on an unknown command or a bad flag', async () => {
    expect((await failureOf(['plan', c101]))?.code).toBe(2);
    const bad = await failureOf(['solve', c101, '--time-limit-ms', 'soon']);
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toContain('--time-limit-ms must be an integer of at least 0');
  }, 60_000);
});
