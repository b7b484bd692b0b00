import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './workspace-paths';

// Runs the real ESLint with the repo's config on probe files placed inside real projects, so a
// change that stops @nx/enforce-module-boundaries from biting fails here.
function lintProbe(projectDir: string, source: string): { status: number | null; output: string } {
  const file = join(repoRoot, projectDir, 'src', `boundary-probe-${process.pid}.ts`);
  writeFileSync(file, source);
  try {
    const result = spawnSync(join(repoRoot, 'node_modules/.bin/eslint'), ['--no-warn-ignored', file], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(file, { force: true });
  }
}

describe('module boundaries (ESLint, @nx/enforce-module-boundaries)', () => {
  it('fails a contracts library that imports a platform library', () => {
    const result = lintProbe(
      'libs/platform/contracts',
      "import { FaultProxy } from '@baton/testing';\nexport const probe = FaultProxy;\n",
    );
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/@nx\/enforce-module-boundaries/);
    expect(result.output).toMatch(/type:contracts.*can only depend on libs tagged with.*type:contracts/);
  });

  it('fails a relative import into another project', () => {
    const result = lintProbe(
      'libs/platform/config',
      "import { uniqueSuiteName } from '../../testing/src/lib/suite-name';\nexport const probe = uniqueSuiteName;\n",
    );
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('passes an allowed import (platform library to contracts)', () => {
    const result = lintProbe(
      'libs/platform/config',
      "import { isBatonError } from '@baton/contracts';\nexport const probe = isBatonError;\n",
    );
    expect(result).toEqual({ status: 0, output: '' });
  });

  it.each([
    ["import { NestFactory } from '@nestjs/core';\nexport const probe = NestFactory;\n", /@baton\/runtime/],
    ["import { Connection } from 'rabbitmq-client';\nexport const probe = Connection;\n", /openTestBroker/],
    [
      "import { buildTopology } from '@baton/messaging';\nexport const probe = buildTopology;\n",
      /derives the topology/,
    ],
  ])('fails a vertical library that wires processes itself: %s', (source, reason) => {
    const result = lintProbe('libs/loan-underwriting/feature', source);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/no-restricted-imports/);
    expect(result.output).toMatch(reason);
  });
});
