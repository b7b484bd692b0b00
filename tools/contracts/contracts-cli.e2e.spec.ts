import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformMessages } from '@baton/contracts';
import { verticals } from '../verticals';
import { repoRoot } from '../workspace/workspace-paths';

describe('npm run contracts -- export <dir> (built CLI)', () => {
  const out = mkdtempSync(join(tmpdir(), 'baton-contracts-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes a JSON Schema per message version and an AsyncAPI 3 document per registry', () => {
    const result = spawnSync(
      process.execPath,
      [
        '-r',
        join(repoRoot, 'tools/runtime/register.js'),
        join(repoRoot, 'dist/out-tsc/tools/contracts/contracts-cli.js'),
        'export',
        out,
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(0);
    const schemas = readdirSync(join(out, 'platform')).sort();
    expect(schemas).toEqual(
      platformMessages()
        .definitions()
        .map((d) => `${d.type}.v${d.version}.schema.json`)
        .sort(),
    );
    const asyncapi = JSON.parse(readFileSync(join(out, 'platform.asyncapi.json'), 'utf8')) as {
      asyncapi: string;
      channels: Record<string, unknown>;
    };
    expect(asyncapi.asyncapi).toBe('3.0.0');
    expect(Object.keys(asyncapi.channels).length).toBe(platformMessages().definitions().length);

    // And every vertical's messages beside the platform's, each announced on its own line.
    for (const { vertical } of verticals) {
      const registry = vertical.messages();
      expect(readdirSync(join(out, registry.name))).toHaveLength(registry.definitions().length);
      expect(result.stdout).toContain(
        `contracts: ${registry.name}: ${registry.definitions().length} JSON Schemas and 1 AsyncAPI document in ${out}`,
      );
    }
  });

  it('prints its usage and exits 2 without a directory', () => {
    const result = spawnSync(
      process.execPath,
      [
        '-r',
        join(repoRoot, 'tools/runtime/register.js'),
        join(repoRoot, 'dist/out-tsc/tools/contracts/contracts-cli.js'),
        'export',
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: npm run contracts -- export <dir>');
  });
});
