import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { policyFilesIn } from '../document/policy-files';
import { formatPolicyIssue } from '../document/policy-issue';
import { validatePolicyJson } from '../document/validate-policy';
import { runPolicyTests } from './run-policy-tests';

// Every policy file under libs/ that carries a table (`rules` and `tests`) runs here, so a
// vertical's policies/ folder is tested by `npm test` without anyone registering it.
const repoRoot = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) dir = resolve(dir, '..');
  return dir;
})();

const hasTables = (file: string): boolean => {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { rules?: unknown; tests?: unknown };
    return Array.isArray(raw.rules) && Array.isArray(raw.tests);
  } catch {
    return false;
  }
};

const tableFiles = policyFilesIn(join(repoRoot, 'libs')).filter(hasTables);

describe('policy tables in the repository', () => {
  it("finds the policy files that carry tables (this library's fixtures at least)", () => {
    const found = tableFiles.map((file) => relative(repoRoot, file));
    expect(found).toEqual(
      expect.arrayContaining([
        'libs/platform/policy/fixtures/policies/lending-llm.json',
        'libs/platform/policy/fixtures/policies/operators-showcase.json',
        'libs/platform/policy/fixtures/policies/triage-output-guard.json',
      ]),
    );
  });

  describe.each(tableFiles.map((file) => [relative(repoRoot, file), file]))('%s', (_name, file) => {
    const validation = validatePolicyJson(readFileSync(file, 'utf8'));

    it('is a valid policy document', () => {
      expect(validation.ok ? [] : validation.issues.map(formatPolicyIssue)).toEqual([]);
    });

    const cases = validation.ok ? (validation.document.tests ?? []) : [];
    it.each(cases.map((test) => [test.name, test] as const))('%s', async (_case, test) => {
      if (!validation.ok) throw new Error('invalid document');
      const [result] = await runPolicyTests({ ...validation.document, tests: [test] });
      expect(result?.failures).toEqual([]);
    });
  });
});
