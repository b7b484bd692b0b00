import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a workspace needs to lint, type-check and test projects: the root configs and the sources. */
const ROOT_FILES = [
  'package.json',
  'nx.json',
  'tsconfig.base.json',
  'jest.preset.js',
  'eslint.config.mjs',
  '.prettierrc.json',
  '.prettierignore',
  'docker-compose.yml',
];
const SOURCE_DIRS = ['apps', 'libs', 'tools'];
/** Build output, caches and installs are never copied (node_modules is linked instead). */
const SKIPPED = new Set(['node_modules', 'dist', 'tmp', '.nx', 'results']);

/** A copy of the workspace in the system's temp directory, for running a generator and its output. */
export interface TempWorkspace {
  readonly root: string;
  /** Runs `node_modules/.bin/<bin>` there; throws with the output's tail when it fails. */
  run(bin: string, args: readonly string[], timeoutMs?: number): string;
  remove(): void;
}

/**
 * Copies what `nx` needs of the workspace at `repoRoot` (root configs, apps, libs, tools; no
 * build output or caches) and links its node_modules, so the copy is made in a second or two.
 *
 * @example const copy = copyWorkspace(repoRoot); copy.run('nx', ['g', '@baton/tools:vertical', ...]); copy.remove();
 */
export function copyWorkspace(repoRoot: string): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'baton-workspace-'));
  for (const file of ROOT_FILES) cpSync(join(repoRoot, file), join(root, file));
  for (const dir of SOURCE_DIRS)
    cpSync(join(repoRoot, dir), join(root, dir), {
      recursive: true,
      filter: (source) => !SKIPPED.has(source.split(/[\\/]/).pop() ?? ''),
    });
  symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(root, 'node_modules'), 'dir');
  return {
    root,
    run(bin, args, timeoutMs = 300_000) {
      const result = spawnSync(join(root, 'node_modules/.bin', bin), args, {
        cwd: root,
        encoding: 'utf8',
        timeout: timeoutMs,
        env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' },
      });
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
      if (result.status !== 0)
        throw new Error(`${bin} ${args.join(' ')} exited ${result.status ?? result.signal}:\n${output.slice(-6_000)}`);
      return output;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
