// npm run bench -- <suite> [--smoke] [suite flags]
// Runs one suite on the production code path, measures its floor in the same run, prints the
// figures with their ratio to the floor, and writes tools/bench/results/<suite>.json.
// Not part of the test suite: timings depend on the machine and are never asserted.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isCustomSuite } from './harness/bench-suite';
import { measurePair } from './harness/measure';
import { buildResult, formatTable, writeResult } from './harness/report';
import { suites } from './suites';

/** tools/bench in the source tree, also when this runs from dist/out-tsc. */
function benchDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) dir = resolve(dir, '..');
  return join(dir, 'tools', 'bench');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const [name] = args.filter((arg) => !arg.startsWith('--'));
  const suiteArgs = args.filter((arg) => arg !== name && arg !== '--smoke');
  const suite = name ? suites[name] : undefined;
  if (!name || !suite) {
    console.error(`usage: npm run bench -- <suite>\nsuites: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  const progress = (message: string) => process.stderr.write(`bench ${name}: ${message}\n`);
  progress(suite.description);
  if (isCustomSuite(suite)) {
    const { table, result } = await suite.run(progress, { smoke, args: suiteArgs });
    console.log(table);
    // A smoke run proves the path works; its figures are not worth keeping.
    if (smoke) return;
    const dir = join(benchDir(), 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\n${file}`);
    return;
  }
  const setup = await suite.setUp();
  try {
    const measured = await measurePair(setup.subject.run, setup.floor.run, {
      warmup: suite.warmup,
      samples: suite.samples,
      progress,
    });
    const result = buildResult(
      name,
      suite.description,
      setup.subject.label,
      setup.floor.label,
      measured.subject,
      measured.floor,
      setup.details ?? {},
    );
    console.log(formatTable(result));
    console.log(`\n${writeResult(benchDir(), result)}`);
  } finally {
    await setup.close?.();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
