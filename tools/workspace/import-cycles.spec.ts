import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './workspace-paths';

// No library's own files import each other in a circle (type-only imports included): a circle
// means two files are one concern split badly, and it makes load order matter.

/** Every non-test TypeScript file under a folder. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The files a file imports by relative path (the library's own). */
function relativeImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((entry) => entry.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name))
    .map((base) => [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate)))
    .filter((path): path is string => path !== undefined);
}

/** Each circle once, as the files in it from its smallest name. */
function circles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((file) => [file, relativeImports(file)]));
  const found = new Map<string, string[]>();
  const visit = (file: string, path: string[], onPath: Set<string>, done: Set<string>) => {
    if (onPath.has(file)) {
      const circle = path.slice(path.indexOf(file));
      const start = circle.indexOf([...circle].sort()[0] as string);
      const ordered = [...circle.slice(start), ...circle.slice(0, start)];
      found.set(ordered.join(' -> '), ordered);
      return;
    }
    if (done.has(file)) return;
    onPath.add(file);
    for (const next of graph.get(file) ?? []) visit(next, [...path, file], onPath, done);
    onPath.delete(file);
    done.add(file);
  };
  const done = new Set<string>();
  for (const file of files) visit(file, [], new Set(), done);
  return [...found.values()];
}

const libraries = readdirSync(join(repoRoot, 'libs')).flatMap((group) =>
  readdirSync(join(repoRoot, 'libs', group))
    .map((name) => join(repoRoot, 'libs', group, name, 'src'))
    .filter((src) => existsSync(src)),
);

describe('import circles', () => {
  it.each(libraries.map((src) => [relative(repoRoot, src)]))('%s has none', (src) => {
    const found = circles(sourceFiles(join(repoRoot, src))).map((circle) =>
      circle.map((file) => relative(join(repoRoot, src), file)).join(' -> '),
    );
    expect(found).toEqual([]);
  });

  it('finds a circle when there is one, type-only imports included (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'b.ts'), "import type { C } from './c';\nexport const b = 1 as unknown as C;\n");
      writeFileSync(join(dir, 'c.ts'), "import { a } from './a';\nexport type C = ReturnType<typeof a>;\n");
      writeFileSync(join(dir, 'd.ts'), "import { a } from './a';\nexport const d = a;\n");
      const found = circles(sourceFiles(dir)).map((circle) => circle.map((file) => relative(dir, file)));
      expect(found).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
