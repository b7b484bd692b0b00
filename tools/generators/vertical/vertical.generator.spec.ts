import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addProjectConfiguration, readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { repoRoot } from '../../workspace/workspace-paths';
import verticalGenerator from './vertical.generator';
import { freeApiPort } from './workspace-edits';
import { withVerticalTargets } from './prometheus-targets';

/** A virtual workspace seeded from the real files the generator edits, with loan's projects. */
function workspaceTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const file of [
    'tsconfig.base.json',
    'docker-compose.yml',
    'deploy/prometheus/prometheus.yml',
    'tools/verticals.ts',
    'tools/verticals.json',
  ])
    tree.write(file, readFileSync(join(repoRoot, file), 'utf8'));
  for (const lib of ['contracts', 'domain', 'feature'])
    addProjectConfiguration(tree, `loan-${lib}`, {
      root: `libs/loan-underwriting/${lib}`,
      tags: ['scope:loan', `type:${lib}`],
    });
  addProjectConfiguration(tree, 'loan-underwriting', {
    root: 'apps/loan-underwriting',
    tags: ['scope:loan', 'type:app'],
  });
  return tree;
}

const composeServices = (tree: Tree) =>
  (
    parse(tree.read('docker-compose.yml', 'utf-8') ?? '', { merge: true }) as {
      services: Record<string, { ports?: string[]; environment?: Record<string, string> }>;
    }
  ).services;
const migrationOf = (tree: Tree, dir: string) => {
  const folder = `libs/${dir}/feature/src/lib/database`;
  const [file] = tree.children(folder);
  return tree.read(`${folder}/${file}`, 'utf-8') ?? '';
};

/** Every pending change of the tree, with its content, to prove a refusal wrote nothing. */
const changesIn = (tree: Tree) =>
  tree.listChanges().map((change) => `${change.type} ${change.path} ${change.content?.toString('utf8') ?? ''}`);

describe('nx g @baton/tools:vertical', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = workspaceTree();
  });

  it('creates the app and the three libraries, named and tagged by the naming rules', async () => {
    await verticalGenerator(tree, { name: 'sample-alpha', short: 'alpha' });
    expect(tree.read('apps/sample-alpha/src/main.ts', 'utf-8')).toContain('void runVertical(alphaVertical);');
    expect(readJson(tree, 'apps/sample-alpha/project.json')).toMatchObject({
      name: 'sample-alpha',
      tags: ['scope:alpha', 'type:app'],
    });
    for (const lib of ['contracts', 'domain', 'feature']) {
      expect(readJson(tree, `libs/sample-alpha/${lib}/project.json`)).toMatchObject({
        name: `alpha-${lib}`,
        tags: ['scope:alpha', `type:${lib}`],
      });
      expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths[`@baton/sample-alpha-${lib}`]).toEqual([
        `libs/sample-alpha/${lib}/src/index.ts`,
      ]);
    }
    expect(tree.read('libs/sample-alpha/feature/src/lib/alpha.vertical.ts', 'utf-8')).toContain("name: 'alpha'");
    expect(tree.exists('libs/sample-alpha/feature/policies/alpha-llm.json')).toBe(true);
  });

  it('adds the vertical to tools/verticals.json (the scope for the lint rules) and tools/verticals.ts', async () => {
    const before = readJson(tree, 'tools/verticals.json');
    await verticalGenerator(tree, { name: 'sample-alpha', short: 'alpha' });
    expect(readJson(tree, 'tools/verticals.json')).toEqual([
      ...before,
      { short: 'alpha', dir: 'sample-alpha', title: 'Sample alpha' },
    ]);
    const list = tree.read('tools/verticals.ts', 'utf-8') ?? '';
    expect(list).toContain("import { alphaVertical } from '@baton/sample-alpha-feature';");
    expect(list).toMatch(
      /\{ short: 'loan', .*\n(\s+\{ short: .*\n)*\s+\{ short: 'alpha', dir: 'sample-alpha', vertical: alphaVertical \},\n\];/,
    );
  });

  it('adds one compose service per role on the next free loopback port, with its own schema', async () => {
    const port = freeApiPort(tree.read('docker-compose.yml', 'utf-8') ?? '');
    await verticalGenerator(tree, { name: 'sample-alpha', short: 'alpha' });
    const services = composeServices(tree);
    expect(port).toBeGreaterThan(3000);
    expect(services['alpha-api']?.ports).toEqual([`127.0.0.1:${port}:${port}`]);
    for (const [name, role] of [
      ['alpha-api', 'api'],
      ['alpha-worker', 'worker'],
      ['alpha-relay', 'relay'],
    ] as const)
      expect(services[name]?.environment).toMatchObject({ ROLE: role, VERTICAL: 'alpha', DATABASE_SCHEMA: 'alpha' });
    expect(services['loan-api']?.ports).toEqual(['127.0.0.1:3000:3000']);
  });

  it('adds the API, workers and relays to Prometheus’s scrape configuration, once, keeping the others', async () => {
    const port = freeApiPort(tree.read('docker-compose.yml', 'utf-8') ?? '');
    await verticalGenerator(tree, { name: 'sample-alpha', short: 'alpha' });
    const text = tree.read('deploy/prometheus/prometheus.yml', 'utf-8') ?? '';
    const jobs = (parse(text) as { scrape_configs: Array<Record<string, unknown>> }).scrape_configs;
    const job = (name: string) => jobs.find((config) => config['job_name'] === name) ?? {};
    expect(job('baton-api')['static_configs']).toContainEqual({
      targets: [`alpha-api:${port}`],
      labels: { service: 'alpha-api' },
    });
    expect(job('baton-api')['static_configs']).toContainEqual({
      targets: ['loan-api:3000'],
      labels: { service: 'loan-api' },
    });
    for (const [name, role] of [
      ['baton-workers', 'worker'],
      ['baton-relays', 'relay'],
    ] as const)
      expect((job(name)['dns_sd_configs'] as Array<{ names: string[] }>)[0]?.names).toEqual(
        expect.arrayContaining([`loan-${role}`, `alpha-${role}`]),
      );
    expect(withVerticalTargets(text, 'alpha', port)).toBe(text);
    expect(text).toContain('# Prometheus for the compose deployment');
  });

  it('lets two verticals coexist: their own ports, schemas, message names, migration classes and tables', async () => {
    const verticalsBefore = readJson(tree, 'tools/verticals.json').map((entry: { short: string }) => entry.short);
    await verticalGenerator(tree, { name: 'sample-alpha', short: 'alpha' });
    await verticalGenerator(tree, { name: 'sample-beta', short: 'beta-ops' });
    const services = composeServices(tree);
    const apiPort = (name: string) => Number(services[name]?.ports?.[0]?.split(':')[1]);
    expect(apiPort('beta-ops-api')).toBe(apiPort('alpha-api') + 1);
    expect(services['beta-ops-worker']?.environment?.['DATABASE_SCHEMA']).toBe('beta_ops');
    expect(migrationOf(tree, 'sample-alpha')).toMatch(/class CreateAlphaTables\d+ [\s\S]*CREATE TABLE alpha_lookups/);
    expect(migrationOf(tree, 'sample-beta')).toMatch(
      /class CreateBetaOpsTables\d+ [\s\S]*CREATE TABLE beta_ops_lookups/,
    );
    expect(tree.read('libs/sample-beta/contracts/src/lib/messages.ts', 'utf-8')).toContain(
      "'beta-ops.lookup.requested'",
    );
    expect(readJson(tree, 'tools/verticals.json').map((entry: { short: string }) => entry.short)).toEqual([
      ...verticalsBefore,
      'alpha',
      'beta-ops',
    ]);
  });

  it.each([
    [{ name: 'Sample_Alpha', short: 'alpha' }, '--name "Sample_Alpha" is not kebab-case'],
    [{ name: 'sample-alpha', short: 'Alpha' }, '--short "Alpha" is not kebab-case'],
    [{ name: 'loan-underwriting', short: 'lending' }, 'the directory apps/loan-underwriting already exists'],
    [{ name: 'lending', short: 'loan' }, 'the project loan-contracts already exists'],
  ])('refuses %j in one line naming it, and writes nothing', async (options, problem) => {
    const before = changesIn(tree);
    const refused = await verticalGenerator(tree, options).then(
      () => 'no error',
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/^baton: .*; nothing was written$/);
    expect(refused).toContain(problem);
    expect(changesIn(tree)).toEqual(before);
  });

  it('refuses a scope that exists already, naming it', async () => {
    addProjectConfiguration(tree, 'gamma-tools', { root: 'libs/gamma-tools', tags: ['scope:gamma'] });
    await expect(verticalGenerator(tree, { name: 'sample-beta', short: 'gamma' })).rejects.toThrow(
      'baton: the scope scope:gamma already exists (project gamma-tools)',
    );
    expect(tree.exists('apps/sample-beta')).toBe(false);
  });
});
