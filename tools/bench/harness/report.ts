import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Figures } from './measure';

export interface BenchResult {
  readonly suite: string;
  readonly description: string;
  readonly subject: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly perSec: number;
  readonly floor: { readonly description: string } & Figures;
  /** Subject over floor for latencies; floor over subject for throughput: "how many times the floor". */
  readonly ratios: { readonly p50: number; readonly p99: number; readonly perSec: number };
  readonly samples: number;
  readonly details: Readonly<Record<string, unknown>>;
  readonly machine: { readonly node: string; readonly cpu: string; readonly cpus: number };
  readonly recordedAt: string;
}

/** `value` to `digits` significant digits, as the results files keep figures. */
export const round = (value: number, digits = 4): number => Number(value.toPrecision(digits));

export function buildResult(
  suite: string,
  description: string,
  subjectLabel: string,
  floorLabel: string,
  subject: Figures,
  floor: Figures,
  details: Readonly<Record<string, unknown>>,
): BenchResult {
  return {
    suite,
    description,
    subject: subjectLabel,
    p50Ms: round(subject.p50Ms),
    p99Ms: round(subject.p99Ms),
    perSec: Math.round(subject.perSec),
    floor: {
      description: floorLabel,
      samples: floor.samples,
      p50Ms: round(floor.p50Ms),
      p99Ms: round(floor.p99Ms),
      meanMs: round(floor.meanMs),
      perSec: Math.round(floor.perSec),
    },
    ratios: {
      p50: round(subject.p50Ms / floor.p50Ms, 3),
      p99: round(subject.p99Ms / floor.p99Ms, 3),
      perSec: round(floor.perSec / subject.perSec, 3),
    },
    samples: subject.samples,
    details,
    machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length },
    recordedAt: new Date().toISOString(),
  };
}

/** The figures as a Markdown table, each with its ratio to the floor. */
export function formatTable(result: BenchResult): string {
  return [
    `| ${result.suite} | p50 ms | p99 ms | per second | x floor (p50 / p99 / per second) |`,
    '| --- | ---: | ---: | ---: | ---: |',
    `| floor: ${result.floor.description} | ${result.floor.p50Ms} | ${result.floor.p99Ms} | ${result.floor.perSec} | 1 / 1 / 1 |`,
    `| ${result.subject} | ${result.p50Ms} | ${result.p99Ms} | ${result.perSec} | ${result.ratios.p50} / ${result.ratios.p99} / ${result.ratios.perSec} |`,
  ].join('\n');
}

/** Writes `tools/bench/results/<suite>.json` and returns its path. */
export function writeResult(benchDir: string, result: BenchResult): string {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.suite}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
