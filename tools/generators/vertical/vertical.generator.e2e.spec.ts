// The generator end to end: it runs through `nx g` in a copy of this workspace (node_modules
// linked), and the vertical it writes lints, type-checks and passes its unit and integration
// tests there with no edits, and its README examples compile.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { testEnv } from '@baton/testing';
import { repoRoot } from '../../workspace/workspace-paths';
import { copyWorkspace, type TempWorkspace } from './temp-workspace';

const DIR = 'sample-desk';
const SHORT = 'desk';
const PROJECTS = [`${SHORT}-contracts`, `${SHORT}-domain`, `${SHORT}-feature`, DIR];

/** Schemas the generated integration suite made (`desk cases` → `desk_cases_<random>`) and left. */
async function leftoverSchemas(): Promise<string[]> {
  const client = new Client({ connectionString: testEnv.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'desk\\_cases\\_%'",
    );
    return rows.map((row) => row.nspname);
  } finally {
    await client.end();
  }
}

describe('nx g @baton/tools:vertical in a copy of the workspace', () => {
  let copy: TempWorkspace;
  beforeAll(() => {
    copy = copyWorkspace(repoRoot);
  });
  afterAll(() => copy?.remove());

  it('lists the files with --dry-run and writes nothing', () => {
    const output = copy.run('nx', ['g', '@baton/tools:vertical', '--name', DIR, '--short', SHORT, '--dry-run']);
    expect(output).toContain(`CREATE apps/${DIR}/src/main.ts`);
    expect(output).toContain(`CREATE libs/${DIR}/feature/src/lib/${SHORT}.vertical.ts`);
    expect(output).toContain('UPDATE tools/verticals.json');
    expect(existsSync(join(copy.root, 'apps', DIR))).toBe(false);
  });

  it('generates a vertical whose projects lint, type-check and pass their unit and integration tests as generated', () => {
    copy.run('nx', ['g', '@baton/tools:vertical', '--name', DIR, '--short', SHORT]);
    const checked = copy.run('nx', ['run-many', '-t', 'lint', 'typecheck', 'test', '-p', ...PROJECTS, '--parallel=2']);
    expect(checked).toContain(`Successfully ran targets lint, typecheck, test for ${PROJECTS.length} projects`);
    const integrated = copy.run('nx', ['run', `${SHORT}-feature:int`]);
    expect(integrated).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    // About two minutes on 2 shared cores; the tier's default of three leaves too little room.
  }, 420_000);

  it("compiles the usage examples of the generated libraries' READMEs", () => {
    const out = join(copy.root, 'tmp', 'readme-examples');
    mkdirSync(out, { recursive: true });
    const files = ['contracts', 'domain', 'feature'].flatMap((lib) => {
      const readme = readFileSync(join(copy.root, 'libs', DIR, lib, 'README.md'), 'utf8');
      return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => {
        const file = join(out, `${lib}-${index}.ts`);
        writeFileSync(file, `export {};\n${match[1]}`);
        return file;
      });
    });
    expect(files.length).toBeGreaterThanOrEqual(3);
    writeFileSync(
      join(out, 'tsconfig.json'),
      JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, files }),
    );
    copy.run('tsc', ['-p', join(out, 'tsconfig.json')]);
  });

  it('leaves no schema of its integration suite behind', async () => {
    expect(await leftoverSchemas()).toEqual([]);
  });
});
