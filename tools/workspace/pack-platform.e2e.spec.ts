import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './workspace-paths';

// Another team's view of the platform: @baton/contracts, @baton/orchestration and @baton/runtime
// (with the platform libraries they build on) built by Nx, packed by npm, unpacked into a plain
// project's node_modules and used from plain Node: no Nx, no TypeScript, no path mapping. A tiny
// workflow runs there with testWorkflow, and a vertical is defined on the runtime.
const PLATFORM = [
  'contracts',
  'config',
  'state-store',
  'messaging',
  'policy',
  'llm',
  'observability',
  'http',
  'orchestration',
  'runtime',
];

describe('the platform libraries as packages in a plain project', () => {
  const work = mkdtempSync(join(tmpdir(), 'baton-pack-platform-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('packs with npm and runs a workflow in memory with testWorkflow from plain Node', () => {
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', `--projects=${PLATFORM.join(',')}`, '--outputStyle=static'], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'pipe',
    });
    const modules = join(work, 'consumer/node_modules');
    for (const name of PLATFORM) {
      const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
        cwd: join(repoRoot, 'dist/libs/platform', name),
        encoding: 'utf8',
      }).trim();
      const installed = join(modules, '@baton', name);
      mkdirSync(installed, { recursive: true });
      execFileSync('tar', ['-xzf', join(work, tarball), '-C', installed, '--strip-components=1']);
    }
    // Third-party packages as npm would install them beside (the workspace's, never its @baton paths).
    for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
      if (entry === '@baton' || entry.startsWith('.')) continue;
      symlinkSync(join(repoRoot, 'node_modules', entry), join(modules, entry), 'dir');
    }
    writeFileSync(join(work, 'consumer/package.json'), JSON.stringify({ name: 'consumer', private: true }));
    writeFileSync(
      join(work, 'consumer/run.js'),
      `
      const { z } = require('zod');
      const { defineMessage } = require('@baton/contracts');
      const { defineWorkflow, stepsFor } = require('@baton/orchestration');
      const { testWorkflow } = require('@baton/orchestration/testing');
      const { defineVertical } = require('@baton/runtime');

      const Asked = defineMessage('consumer.greeting.asked', 1, z.strictObject({ name: z.string() }));
      const Greeted = defineMessage('consumer.greeting.given', 1, z.strictObject({ text: z.string() }));
      const step = stepsFor();
      const greet = defineWorkflow({
        id: 'consumer.greet', version: 1,
        input: z.strictObject({ name: z.string() }),
        state: z.strictObject({ name: z.string(), text: z.string().nullable() }),
        initialState: (input) => ({ name: input.name, text: null }),
        start: 'ask',
        steps: {
          ask: step.agent({ pattern: Asked.type, request: Asked, reply: Greeted,
            input: (s) => ({ name: s.name }), fold: (s, reply) => ({ ...s, text: reply.text }), next: 'rest' }),
          rest: step.sleep({ ms: () => 86_400_000, next: 'done' }),
          done: step.end({ outcome: 'completed' }),
        },
      });
      (async () => {
        const env = testWorkflow({ workflows: [greet], agents: { [Asked.type]: (p) => ({ text: 'hello ' + p.name }) } });
        const runId = await env.start('consumer.greet', { name: 'Ada' });
        const before = (await env.get(runId)).status;
        await env.advance('1d');
        const after = await env.get(runId);
        const vertical = defineVertical({ name: 'consumer', title: 'Consumer', roles: ['caller'], workflows: () => [greet] });
        const internal = (() => { try { require('@baton/orchestration/src/lib/engine/run-repository'); return 'reachable'; } catch (e) { return e.code; } })();
        console.log(JSON.stringify({ before, after: after.status, text: after.state.text,
          queues: vertical.topology().queues.map((q) => q.name), internal }));
      })().catch((error) => { console.error(error); process.exit(1); });
      `,
    );
    const output = execFileSync(process.execPath, ['run.js'], { cwd: join(work, 'consumer'), encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({
      before: 'waiting',
      after: 'completed',
      text: 'hello Ada',
      queues: ['consumer.v1.cmd.consumer.greeting.asked'],
      internal: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  }, 300_000);
});
