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

/**
 * A tool's arguments, naming loan unless they name a vertical already: once the workspace has
 * several verticals, a tool run without `--vertical` is refused (ADR 18), and these suites test loan.
 *
 * @example spawnSync(node, [cli, ...namingLoan(args)])
 */
export function namingLoan(args: readonly string[]): string[] {
  const named = args.some((arg) => arg === '--vertical' || arg.startsWith('--vertical='));
  return named ? [...args] : [...args, '--vertical', 'loan'];
}
