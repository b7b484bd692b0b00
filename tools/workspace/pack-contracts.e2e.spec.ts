import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './workspace-paths';

// Another team's view of @baton/contracts: built by Nx, packed by npm, unpacked into a bare
// node_modules and required from plain Node (no TypeScript, no path mapping).
describe('@baton/contracts as a package', () => {
  const work = mkdtempSync(join(tmpdir(), 'baton-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('packs with npm and imports from plain Node', () => {
    execFileSync('npx', ['nx', 'run', 'contracts:build', '--skip-nx-cache', '--outputStyle=static'], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'pipe',
    });
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
      cwd: join(repoRoot, 'dist/libs/platform/contracts'),
      encoding: 'utf8',
    }).trim();

    const installed = join(work, 'consumer/node_modules/@baton/contracts');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', installed, '--strip-components=1']);
    // The package's own dependencies, as npm would install them beside it.
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(['canonicalize', 'uuid', 'zod']);
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      symlinkSync(join(repoRoot, 'node_modules', dependency), join(work, 'consumer/node_modules', dependency), 'dir');
    }

    const script = `
      const { z } = require('zod');
      const { canonicalHash, defineMessage, isContractViolation } = require('@baton/contracts');
      const Pinged = defineMessage('consumer.test.pinged', 1, z.strictObject({ n: z.number() }));
      const ok = Pinged.create({ n: 1 }, { correlationId: 'c', tenantId: 't', actor: { kind: 'system', id: 's' } });
      const bad = Pinged.parsePayload({ n: 'x' });
      const internal = (() => { try { require('@baton/contracts/src/lib/platform-messages'); return 'reachable'; } catch (e) { return e.code; } })();
      console.log(JSON.stringify({ type: ok.type, violation: isContractViolation(bad.error), internal, hash: canonicalHash({ b: 2, a: 1 }) }));
    `;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: join(work, 'consumer'), encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({
      type: 'consumer.test.pinged',
      violation: true,
      internal: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      hash: '43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777',
    });
  });
});
