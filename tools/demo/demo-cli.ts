// npm run demo -- [--vertical <short>] [the vertical's demo options, e.g. loan's --size 300 --seed 42 --out tmp/demo]
// Runs one vertical's demo (--vertical), or each vertical that has one in turn (tools/demo/demo-registry.ts)
// and then writes <out>/index.md linking their reports; then each demo takes only the options it
// declares (--size, --seed and --out are everyone's). Exits 1 if any demo's checks failed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runMain } from '@baton/config';
import { argsForEach, DemoRunResult, renderDemoIndex, selectDemos } from './demo-registry';

/** The `--out` every demo shares (default `tmp/demo`), read leniently: each demo validates its own options. */
function outOf(argv: readonly string[]): string {
  const { values } = parseArgs({ args: [...argv], options: { out: { type: 'string' } }, strict: false });
  return typeof values.out === 'string' ? values.out : 'tmp/demo';
}

async function main(): Promise<void> {
  const { chosen, rest, all } = selectDemos(process.argv.slice(2));
  const runs: Array<{ short: string; title: string; result: DemoRunResult }> = [];
  for (const { demo, args, dropped } of argsForEach(chosen, rest, all)) {
    // With every demo, each takes the options it knows (--size, --seed, --out ...) and leaves the others'.
    if (chosen.length > 1)
      process.stderr.write(
        `demo: ${demo.title} (--vertical ${demo.short})${dropped.length ? `; not its options: ${dropped.join(' ')}` : ''}\n`,
      );
    runs.push({ short: demo.short, title: demo.title, result: await demo.run(args, process.env) });
  }
  if (all) {
    const out = resolve(outOf(rest));
    mkdirSync(out, { recursive: true });
    const index = join(out, 'index.md');
    const absolute = runs.map((run) => ({ ...run, result: { ...run.result, out: resolve(run.result.out) } }));
    writeFileSync(index, renderDemoIndex(absolute, out, relative));
    process.stderr.write(`demo: index of ${runs.length} report(s) written to ${relative(process.cwd(), index)}\n`);
  }
  if (runs.some((run) => !run.result.ok)) process.exitCode = 1;
}

void runMain(main);
