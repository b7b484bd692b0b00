import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './workspace-paths';

// Every library README carries a usage example; this compiles each one against the real
// libraries, so an example that drifts from the API fails the build.
function libraryReadmes(): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (existsSync(join(dir, 'project.json')) && existsSync(join(dir, 'README.md'))) found.push(join(dir, 'README.md'));
    if (depth === 0) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(join(dir, entry.name), depth - 1);
    }
  };
  walk(join(repoRoot, 'libs'), 3);
  return found.sort();
}

describe('library README examples', () => {
  const outDir = join(repoRoot, 'tmp', `readme-examples-${process.pid}`);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('every library has a README with a TypeScript usage example, and all of them compile', () => {
    const readmes = libraryReadmes();
    expect(readmes.length).toBeGreaterThanOrEqual(3);
    mkdirSync(outDir, { recursive: true });
    const files: string[] = [];
    for (const readme of readmes) {
      const blocks = [...readFileSync(readme, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
        (match) => match[1] as string,
      );
      expect({ readme: relative(repoRoot, readme), examples: blocks.length > 0 }).toEqual({
        readme: relative(repoRoot, readme),
        examples: true,
      });
      blocks.forEach((code, index) => {
        const name = `${relative(join(repoRoot, 'libs'), readme).replace(/[\\/]/g, '_').replace(/\.md$/, '')}_${index}.ts`;
        writeFileSync(join(outDir, name), `export {};\n${code}`);
        files.push(join(outDir, name));
      });
    }
    writeFileSync(
      join(outDir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: { noEmit: true, noUnusedLocals: false },
        files,
      }),
    );
    try {
      execFileSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', join(outDir, 'tsconfig.json')], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      throw new Error(`README examples do not compile:\n${(error as { stdout: string }).stdout}`);
    }
  });
});
