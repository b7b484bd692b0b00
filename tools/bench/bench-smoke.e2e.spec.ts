import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../workspace/workspace-paths';

const run = promisify(execFile);

// The orchestration benchmark in smoke mode: the production path end to end with a few samples,
// so the bench cannot rot between the runs that record figures. Figures are printed, not asserted.
describe('npm run bench -- orchestration --smoke', () => {
  it('runs the workflow at concurrency 1 and 32 beside its floor, prints the table and keeps the recorded results', async () => {
    const results = join(repoRoot, 'tools/bench/results/orchestration.json');
    const before = existsSync(results) ? statSync(results).mtimeMs : null;
    const { stdout, stderr } = await run(
      'node',
      ['tools/runtime/run.js', 'dist/out-tsc/tools/bench/bench-cli.js', 'orchestration', '--smoke'],
      { cwd: repoRoot, timeout: 120_000 },
    );
    expect(stderr).toContain('concurrency 32: 64/64 runs');
    for (const row of ['floor: 1 raw commit', 'floor: 1 raw round trip', 'run, concurrency 1', 'runs, concurrency 32'])
      expect(stdout).toContain(`| ${row} |`);
    expect(stdout).toContain('synchronous_commit=');
    expect(existsSync(results) ? statSync(results).mtimeMs : null).toBe(before);
    if (before !== null)
      expect(Object.keys(JSON.parse(readFileSync(results, 'utf8')))).toEqual(
        expect.arrayContaining(['config', 'floor', 'c1', 'c32']),
      );
  }, 150_000);
});

// The loan benchmark in smoke mode: the API and a worker from the build, applications over HTTP,
// decisions from the bus. Figures are printed, not asserted.
describe('npm run bench -- loan --smoke', () => {
  it('drives applications over HTTP at concurrency 1 and 32 beside the floor, prints the table and keeps the recorded results', async () => {
    const results = join(repoRoot, 'tools/bench/results/loan.json');
    const before = existsSync(results) ? statSync(results).mtimeMs : null;
    const { stdout, stderr } = await run(
      'node',
      ['tools/runtime/run.js', 'dist/out-tsc/tools/bench/bench-cli.js', 'loan', '--smoke'],
      { cwd: repoRoot, timeout: 150_000 },
    );
    expect(stderr).toContain('concurrency 32: 64/64 applications');
    for (const row of [
      'floor: 1 raw commit',
      'floor: 1 raw round trip',
      'application, concurrency 1',
      'applications, concurrency 32',
    ])
      expect(stdout).toContain(`| ${row} |`);
    // Where each decision's CPU went, by process, and the ceiling that implies.
    for (const row of [
      'CPU per decision, concurrency 32',
      'loan API',
      'loan worker',
      'PostgreSQL',
      'RabbitMQ',
      'bench client',
      'total',
    ])
      expect(stdout).toContain(`| ${row} |`);
    expect(stdout).toMatch(/\d+ cores at [\d.]+ ms of CPU per decision sustain at most \d+ decisions\/s/);
    expect(existsSync(results) ? statSync(results).mtimeMs : null).toBe(before);
    if (before !== null) {
      const recorded = JSON.parse(readFileSync(results, 'utf8')) as Record<string, Record<string, unknown>>;
      expect(Object.keys(recorded)).toEqual(['config', 'floor', 'c1', 'c32']);
      expect(Object.keys(recorded['config']?.['cpuMsPerDecisionAtC32'] ?? {})).toEqual([
        'api',
        'workers',
        'postgres',
        'rabbitmq',
        'benchClient',
        'other',
        'total',
      ]);
      expect(Object.keys(recorded['floor'] ?? {})).toEqual(['commitMs', 'roundTripMs']);
      expect(Object.keys(recorded['c1'] ?? {})).toEqual(['p50Ms', 'p99Ms']);
      expect(Object.keys(recorded['c32'] ?? {})).toEqual(['perSec', 'p50Ms', 'p99Ms']);
    }
  }, 180_000);
});

// The fleet solver benchmark in smoke mode: Solomon's six instances from the shared data beside
// the checkout, each at a tiny time limit, so the suite cannot rot. Figures are printed, not asserted.
describe('npm run bench -- fleet-solver --smoke', () => {
  it('solves the six instances, prints the table with gaps to the best known and the chart, and keeps the recorded results', async () => {
    const results = join(repoRoot, 'tools/bench/results/fleet-solver.json');
    const before = existsSync(results) ? statSync(results).mtimeMs : null;
    const { stdout, stderr } = await run(
      'node',
      ['tools/runtime/run.js', 'dist/out-tsc/tools/bench/bench-cli.js', 'fleet-solver', '--smoke'],
      { cwd: repoRoot, timeout: 60_000 },
    );
    for (const name of ['C101', 'C201', 'R101', 'R201', 'RC101', 'RC201']) {
      expect(stderr).toMatch(new RegExp(`${name}: \\d+ vehicles, distance [\\d.]+`));
      expect(stdout).toMatch(
        new RegExp(`\\| ${name} \\| \\d+ \\| \\d+ \\| [+-]\\d+ \\| [\\d.]+ \\| [\\d.]+ \\| [+-][\\d.]+% \\|`),
      );
    }
    expect(stdout).toContain('| **total** |');
    expect(stdout).toContain('distance gap to best known');
    expect(stdout).toMatch(/100 ms per instance, seed 1; load average/);
    expect(existsSync(results) ? statSync(results).mtimeMs : null).toBe(before);
    if (before !== null)
      expect(Object.keys(JSON.parse(readFileSync(results, 'utf8')))).toEqual(
        expect.arrayContaining(['config', 'instances', 'total']),
      );
  }, 90_000);
});

// The triage benchmark in smoke mode: two stacks from the build (the deterministic model, then an
// 800 ms model under the 500 ms deadline), encounters over HTTP, assignments from the bus, a few
// of each. Figures and verdicts are printed, not asserted.
describe('npm run bench -- triage --smoke', () => {
  it('drives encounters at concurrency 1 and 8 on both stacks beside the floor, prints figures, verdicts, charts and CPU, and keeps the recorded results', async () => {
    const results = join(repoRoot, 'tools/bench/results/triage.json');
    const before = existsSync(results) ? statSync(results).mtimeMs : null;
    const { stdout, stderr } = await run(
      'node',
      ['tools/runtime/run.js', 'dist/out-tsc/tools/bench/bench-cli.js', 'triage', '--smoke'],
      { cwd: repoRoot, timeout: 150_000 },
    );
    expect(stderr).toContain('deterministic model: concurrency 8: 16/16 encounters');
    expect(stderr).toContain('800 ms model: concurrency 8: 8/8 encounters');
    for (const row of [
      'floor: 1 raw commit',
      'floor: 1 raw round trip',
      'encounter, concurrency 1',
      'encounters, concurrency 8',
      '800 ms model, concurrency 1',
      '800 ms model, concurrency 8',
      'c=8 p99 < 300 ms',
      'c=8 p99 < 60 floor round trips (p50)',
      'ESI 1-2 p99 < 100 ms, c=8',
      'slow model (800 ms, 500 ms deadline): c=8 p99 < 1000 ms',
      'slow model: c=1 ESI 1-2 p99 unchanged (<= 1.25x or +10 ms)',
      'slow model: c=8 ESI 1-2 p99 unchanged (<= 1.25x or +10 ms)',
      'CPU per assignment, concurrency 8',
      'triage API',
      'triage worker',
    ])
      expect(stdout).toContain(`| ${row} |`);
    // ESI 1-2 are assigned by the rules alone; with the slow model the others fall back at the deadline.
    expect(stdout).toMatch(/decided \(deterministic\): .*"rules: FLOOR_ESI_1_2":\d+/);
    expect(stdout).toContain('latency distribution, concurrency 8, 800 ms model:');
    expect(stdout).toMatch(/<= +\d+ ms \|#+ +\d+ +\d+%/);
    expect(existsSync(results) ? statSync(results).mtimeMs : null).toBe(before);
    if (before !== null) {
      const recorded = JSON.parse(readFileSync(results, 'utf8')) as Record<string, Record<string, unknown>>;
      expect(Object.keys(recorded)).toEqual(['config', 'floor', 'c1', 'c8', 'slowModel']);
      expect(Object.keys(recorded['floor'] ?? {})).toEqual(['commitMs', 'roundTripMs']);
      expect(Object.keys(recorded['c8'] ?? {})).toEqual(['perSec', 'p50Ms', 'p99Ms', 'esi12P50Ms', 'esi12P99Ms']);
      expect(Object.keys(recorded['slowModel'] ?? {})).toEqual(['c1', 'c8']);
    }
  }, 180_000);
});
