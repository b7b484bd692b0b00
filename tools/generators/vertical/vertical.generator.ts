import { join } from 'node:path';
import { formatFiles, generateFiles, type Tree } from '@nx/devkit';
import { verticalNames, type VerticalGeneratorOptions } from './vertical-names';
import { refusal } from './workspace-checks';
import { addComposeServices, addImportPaths, addToVerticalList } from './workspace-edits';
import { PROMETHEUS_CONFIG, withVerticalTargets } from './prometheus-targets';

/**
 * `nx g @baton/tools:vertical --name <dir> --short <short>`: a new vertical that works as
 * generated. `apps/<dir>` runs it on the runtime; `libs/<dir>/{contracts,domain,feature}` are
 * the projects `<short>-contracts|domain|feature` tagged `scope:<short>`, with a sample workflow
 * (agent over a simulated outside system, policy gate, model step, pure domain decision, human
 * signal with a timeout, event), its policy with table tests, an API, and unit and integration
 * tests. The workspace learns of it in `tsconfig.base.json`, `tools/verticals.ts|json` and
 * `docker-compose.yml` (and their scrape targets in `deploy/prometheus/prometheus.yml`). A bad name, or a directory, project or scope that exists, is refused in
 * one line before anything is written.
 *
 * @example await verticalGenerator(tree, { name: 'patient-triage', short: 'triage' });
 */
export default async function verticalGenerator(tree: Tree, options: VerticalGeneratorOptions): Promise<void> {
  const names = verticalNames(options);
  const refused = refusal(tree, options, names);
  if (refused) throw new Error(`baton: ${refused}; nothing was written`);
  const port = addComposeServices(tree, names);
  const prometheus = tree.read(PROMETHEUS_CONFIG, 'utf-8');
  if (prometheus !== null && port > 0)
    tree.write(PROMETHEUS_CONFIG, withVerticalTargets(prometheus, names.short, port));
  generateFiles(tree, join(__dirname, 'files'), '.', { ...names, port, timestamp: migrationTimestamp() });
  addImportPaths(tree, names);
  addToVerticalList(tree, names);
  await formatFiles(tree);
}

/** TypeORM wants a migration's name to end in its timestamp; the generation time orders it after older ones. */
function migrationTimestamp(): number {
  return Date.now();
}
