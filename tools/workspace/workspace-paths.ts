import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, for workspace tests that run tools on the repo itself. */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) dir = resolve(dir, '..');
  return dir;
})();

/**
 * The verticals' short names as the tools list them in a refusal (`loan, triage`), from
 * `tools/verticals.json`, so tests hold whatever verticals the workspace has.
 */
export function listedVerticals(): string {
  const listed = JSON.parse(readFileSync(join(repoRoot, 'tools/verticals.json'), 'utf8')) as Array<{ short: string }>;
  return listed.map((entry) => entry.short).join(', ');
}
