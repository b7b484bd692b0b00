import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, for workspace tests that run tools on the repo itself. */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) dir = resolve(dir, '..');
  return dir;
})();
