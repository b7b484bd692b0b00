import { ConfigError } from '@baton/config';
import { argsFor } from './demo-args';
import { demoArgsSchema } from './demo-options';
import { runLoanDemo } from './loan-demo';
import { runTriageDemo } from './triage-demo';
import { triageDemoArgsSchema } from './triage-demo-options';

/** What one vertical's demo gives back: whether every check held, and its report in `out`. */
export interface DemoRunResult {
  readonly ok: boolean;
  /** The directory the demo wrote to (its `--out`). */
  readonly out: string;
  /** The Markdown report's file name inside `out`, e.g. `loan-demo-report.md`. */
  readonly report: string;
}

/** One vertical's demo: the short name `--vertical` takes, a title for the index, and its runner. */
export interface VerticalDemo {
  readonly short: string;
  readonly title: string;
  /** The options it takes (`size` for `--size`): with every demo run, each is given only its own. */
  readonly options: readonly string[];
  /** Runs the demo with the arguments left once `--vertical` is taken out. */
  run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<DemoRunResult>;
}

/**
 * Every vertical that has a demo, in the order `npm run demo` runs them. A vertical adds its own
 * here; the verticals without one are simply not listed.
 */
export const demos: readonly VerticalDemo[] = [
  { short: 'loan', title: 'Loan underwriting', options: Object.keys(demoArgsSchema.shape), run: runLoanDemo },
  { short: 'triage', title: 'Patient triage', options: Object.keys(triageDemoArgsSchema.shape), run: runTriageDemo },
];

/**
 * The demos a command line asks for (`--vertical <short>` or every one) and the arguments left
 * for them; an unknown name is a ConfigError listing the verticals that have a demo.
 *
 * @example selectDemos(['--vertical', 'loan', '--size', '40'], demos) // { chosen: [loan], rest: ['--size', '40'], all: false }
 */
export function selectDemos(
  argv: readonly string[],
  registry: readonly VerticalDemo[] = demos,
): { chosen: readonly VerticalDemo[]; rest: string[]; all: boolean } {
  const rest: string[] = [];
  let named: string | undefined;
  for (let at = 0; at < argv.length; at += 1) {
    const arg = argv[at] as string;
    if (arg === '--vertical') {
      named = argv[at + 1];
      at += 1;
      if (named === undefined || named.startsWith('--'))
        throw new ConfigError('INVALID_CONFIGURATION', '--vertical needs a name');
    } else if (arg.startsWith('--vertical=')) named = arg.slice('--vertical='.length);
    else rest.push(arg);
  }
  if (named === undefined) return { chosen: registry, rest, all: true };
  const found = registry.find((demo) => demo.short === named);
  if (!found) {
    const names = registry.map((demo) => demo.short).join(', ');
    throw new ConfigError(
      'INVALID_CONFIGURATION',
      `no demo for vertical "${named}"; the verticals with a demo are: ${names}`,
    );
  }
  return { chosen: [found], rest, all: false };
}

/**
 * The arguments each chosen demo runs with: all of them for one named demo; with every demo, the
 * options each declares (the others' are left out and listed in `dropped`). An option no demo
 * declares is a ConfigError, not silently left out.
 *
 * @example argsForEach([loan, triage], ['--size', '40', '--kyc-ms', '5'], true) // triage: ['--size', '40'], dropped ['--kyc-ms']
 */
export function argsForEach(
  chosen: readonly VerticalDemo[],
  rest: readonly string[],
  all: boolean,
): Array<{ demo: VerticalDemo; args: string[]; dropped: string[] }> {
  if (!all) return chosen.map((demo) => ({ demo, args: [...rest], dropped: [] }));
  const unknown = argsFor(rest, [...new Set(chosen.flatMap((demo) => demo.options))]).dropped;
  if (unknown.length > 0) throw new ConfigError('INVALID_CONFIGURATION', `demo: no demo takes ${unknown.join(', ')}`);
  return chosen.map((demo) => {
    const { kept, dropped } = argsFor(rest, demo.options);
    return { demo, args: kept, dropped };
  });
}

/**
 * `tmp/demo/index.md`: one line per demo run, linking its report (relative to the index).
 *
 * @example renderDemoIndex([{ short: 'loan', title: 'Loan underwriting', result: { ok: true, out: 'tmp/demo', report: 'loan-demo-report.md' } }], 'tmp/demo')
 */
export function renderDemoIndex(
  runs: ReadonlyArray<{ short: string; title: string; result: DemoRunResult }>,
  indexDir: string,
  relative: (from: string, to: string) => string,
): string {
  const lines = ['# Baton demos', '', '| vertical | report | checks |', '| --- | --- | --- |'];
  for (const { short, title, result } of runs) {
    const link = relative(indexDir, `${result.out}/${result.report}`).split('\\').join('/');
    lines.push(
      `| ${title} (\`${short}\`) | [${result.report}](${link}) | ${result.ok ? '✓ held' : '✗ see the report'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
