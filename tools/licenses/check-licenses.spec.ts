import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Runs the real `npm run licenses` script, with the real allowlist, against small fake
// node_modules trees: one package.json per dependency is all licensee reads.
const script = join(__dirname, 'check-licenses.js');

interface FakePackage {
  name: string;
  version?: string;
  license?: string;
  dev?: boolean;
}

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function fakeTree(packages: FakePackage[]): string {
  const root = mkdtempSync(join(tmpdir(), 'licences-'));
  roots.push(root);
  const range = (pkg: FakePackage) => pkg.version ?? '1.0.0';
  const write = (dir: string, json: object) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify(json));
  };
  write(root, {
    name: 'fixture',
    version: '0.0.0',
    dependencies: Object.fromEntries(packages.filter((p) => !p.dev).map((p) => [p.name, range(p)])),
    devDependencies: Object.fromEntries(packages.filter((p) => p.dev).map((p) => [p.name, range(p)])),
  });
  for (const pkg of packages) {
    write(join(root, 'node_modules', pkg.name), { name: pkg.name, version: range(pkg), license: pkg.license });
  }
  return root;
}

function checkLicenses(root: string, policy?: object) {
  const args = [script, '--root', root];
  if (policy) {
    const policyFile = join(root, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(policy));
    args.push('--policy', policyFile);
  }
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('npm run licenses', () => {
  it('passes a production tree whose licences are all allowed', () => {
    const root = fakeTree([
      { name: 'permissive', license: 'MIT' },
      { name: 'dual', license: '(MIT OR GPL-3.0)' },
    ]);
    const { status, output } = checkLicenses(root);
    expect(output).toContain('2 production packages allowed');
    expect(status).toBe(0);
  });

  it('fails on a production dependency licensed GPL-3.0', () => {
    const root = fakeTree([
      { name: 'permissive', license: 'MIT' },
      { name: 'copyleft', license: 'GPL-3.0' },
    ]);
    const { status, output } = checkLicenses(root);
    expect(output).toContain('copyleft@1.0.0: "GPL-3.0"');
    expect(output).not.toContain('permissive@1.0.0:');
    expect(status).toBe(1);
  });

  it('fails on a conjunction that includes a disallowed licence', () => {
    const { status, output } = checkLicenses(fakeTree([{ name: 'mixed', license: 'MIT AND GPL-3.0' }]));
    expect(output).toContain('mixed@1.0.0: "MIT AND GPL-3.0"');
    expect(status).toBe(1);
  });

  it('ignores development dependencies', () => {
    const root = fakeTree([
      { name: 'permissive', license: 'MIT' },
      { name: 'copyleft-tool', license: 'GPL-3.0', dev: true },
    ]);
    expect(checkLicenses(root).status).toBe(0);
  });

  it('accepts a package without licence metadata only at the excepted version', () => {
    const policy = {
      licenses: ['MIT'],
      exceptions: [{ package: 'legacy', version: '1.0.0', license: 'MIT', reason: 'legacy `licenses` array' }],
    };
    expect(checkLicenses(fakeTree([{ name: 'legacy', version: '1.0.0' }]), policy).status).toBe(0);

    const upgraded = checkLicenses(fakeTree([{ name: 'legacy', version: '1.0.1' }]), policy);
    expect(upgraded.output).toContain('legacy@1.0.1: null');
    expect(upgraded.status).toBe(1);
  });
});
