import { getProjects, type Tree } from '@nx/devkit';
import { KEBAB_CASE, type VerticalGeneratorOptions, type VerticalNames } from './vertical-names';

/** `tools/verticals.json`: the verticals as data (the lint rules read the scopes from it). */
export const VERTICALS_JSON = 'tools/verticals.json';

export interface ListedVertical {
  readonly short: string;
  readonly dir: string;
  readonly title: string;
}

/** The verticals `tools/verticals.json` lists (none in an empty workspace). */
export function listedVerticals(tree: Tree): ListedVertical[] {
  const text = tree.read(VERTICALS_JSON, 'utf-8');
  return text ? (JSON.parse(text) as ListedVertical[]) : [];
}

/**
 * Why the vertical cannot be generated here, in one line naming the culprit, or null when it
 * can: a name that is not kebab-case, or a directory, project or scope that exists already.
 *
 * @example refusal(tree, { name: 'Patient_Triage', short: 'triage' }) // '--name "Patient_Triage" is not kebab-case …'
 */
export function refusal(tree: Tree, options: VerticalGeneratorOptions, names: VerticalNames): string | null {
  for (const [flag, value] of [
    ['--name', options.name],
    ['--short', options.short],
  ] as const) {
    if (typeof value !== 'string' || !KEBAB_CASE.test(value))
      return `${flag} "${value ?? ''}" is not kebab-case (lower-case letters and digits joined by "-", e.g. patient-triage)`;
  }
  for (const dir of [`apps/${names.dir}`, `libs/${names.dir}`])
    if (tree.exists(dir)) return `the directory ${dir} already exists`;
  const projects = getProjects(tree);
  const wanted = [names.dir, ...['contracts', 'domain', 'feature'].map((lib) => `${names.short}-${lib}`)];
  for (const project of wanted) if (projects.has(project)) return `the project ${project} already exists`;
  const scope = `scope:${names.short}`;
  const listed = listedVerticals(tree);
  if (listed.some((entry) => entry.short === names.short))
    return `the scope ${scope} already exists (vertical "${names.short}" in ${VERTICALS_JSON})`;
  for (const [name, project] of projects)
    if ((project.tags ?? []).includes(scope)) return `the scope ${scope} already exists (project ${name})`;
  return null;
}
