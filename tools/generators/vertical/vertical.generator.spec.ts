import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addProjectConfiguration, readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { repoRoot } from '../../workspace/workspace-paths';
import verticalGenerator from './vertical.generator';

/** A virtual workspace seeded from the real files the generator edits, with loan's projects. */
function workspaceTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const file of ['tsconfig.base.json', 'docker-compose.yml', 'tools/verticals.ts', 'tools/verticals.json'])
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
    await verticalGenerator(tree, { name: 'patient-triage', short: 'triage' });
    expect(tree.read('apps/patient-triage/src/main.ts', 'utf-8')).toContain('void runVertical(triageVertical);');
    expect(readJson(tree, 'apps/patient-triage/project.json')).toMatchObject({
      name: 'patient-triage',
      tags: ['scope:triage', 'type:app'],
    });
    for (const lib of ['contracts', 'domain', 'feature']) {
      expect(readJson(tree, `libs/patient-triage/${lib}/project.json`)).toMatchObject({
        name: `triage-${lib}`,
        tags: ['scope:triage', `type:${lib}`],
      });
      expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths[`@baton/patient-triage-${lib}`]).toEqual([
        `libs/patient-triage/${lib}/src/index.ts`,
      ]);
    }
    expect(tree.read('libs/patient-triage/feature/src/lib/triage.vertical.ts', 'utf-8')).toContain("name: 'triage'");
    expect(tree.exists('libs/patient-triage/feature/policies/triage-llm.json')).toBe(true);
  });

  it('adds the vertical to tools/verticals.json (the scope for the lint rules) and tools/verticals.ts', async () => {
    await verticalGenerator(tree, { name: 'patient-triage', short: 'triage' });
    expect(readJson(tree, 'tools/verticals.json')).toEqual([
      { short: 'loan', dir: 'loan-underwriting', title: 'Loan underwriting' },
      { short: 'triage', dir: 'patient-triage', title: 'Patient triage' },
    ]);
    const list = tree.read('tools/verticals.ts', 'utf-8') ?? '';
    expect(list).toContain("import { triageVertical } from '@baton/patient-triage-feature';");
    expect(list).toMatch(
      /\{ short: 'loan'.*\n\s+\{ short: 'triage', dir: 'patient-triage', vertical: triageVertical \},\n\];/,
    );
  });

  it('adds one compose service per role on the next free loopback port, with its own schema', async () => {
    await verticalGenerator(tree, { name: 'patient-triage', short: 'triage' });
    const services = composeServices(tree);
    expect(services['triage-api']?.ports).toEqual(['127.0.0.1:3002:3002']);
    for (const [name, role] of [
      ['triage-api', 'api'],
      ['triage-worker', 'worker'],
      ['triage-relay', 'relay'],
    ] as const)
      expect(services[name]?.environment).toMatchObject({ ROLE: role, VERTICAL: 'triage', DATABASE_SCHEMA: 'triage' });
    expect(services['loan-api']?.ports).toEqual(['127.0.0.1:3000:3000']);
  });

  it('lets two verticals coexist: their own ports, schemas, message names, migration classes and tables', async () => {
    await verticalGenerator(tree, { name: 'patient-triage', short: 'triage' });
    await verticalGenerator(tree, { name: 'fleet-routing', short: 'fleet-ops' });
    const services = composeServices(tree);
    expect(services['fleet-ops-api']?.ports).toEqual(['127.0.0.1:3003:3003']);
    expect(services['fleet-ops-worker']?.environment?.['DATABASE_SCHEMA']).toBe('fleet_ops');
    expect(migrationOf(tree, 'patient-triage')).toMatch(
      /class CreateTriageTables\d+ [\s\S]*CREATE TABLE triage_lookups/,
    );
    expect(migrationOf(tree, 'fleet-routing')).toMatch(
      /class CreateFleetOpsTables\d+ [\s\S]*CREATE TABLE fleet_ops_lookups/,
    );
    expect(tree.read('libs/fleet-routing/contracts/src/lib/messages.ts', 'utf-8')).toContain(
      "'fleet-ops.lookup.requested'",
    );
    expect(readJson(tree, 'tools/verticals.json').map((entry: { short: string }) => entry.short)).toEqual([
      'loan',
      'triage',
      'fleet-ops',
    ]);
  });

  it.each([
    [{ name: 'Patient_Triage', short: 'triage' }, '--name "Patient_Triage" is not kebab-case'],
    [{ name: 'patient-triage', short: 'Triage' }, '--short "Triage" is not kebab-case'],
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
    addProjectConfiguration(tree, 'routing-tools', { root: 'libs/routing-tools', tags: ['scope:fleet'] });
    await expect(verticalGenerator(tree, { name: 'fleet-routing', short: 'fleet' })).rejects.toThrow(
      'baton: the scope scope:fleet already exists (project routing-tools)',
    );
    expect(tree.exists('apps/fleet-routing')).toBe(false);
  });
});
