/** One operation to time: called once per sample, awaited. */
export type Operation = () => Promise<unknown>;

/** What a suite measures: its subject, and the floor it is compared with in the same run. */
export interface BenchSetup {
  readonly subject: { readonly label: string; readonly run: Operation };
  readonly floor: { readonly label: string; readonly run: Operation };
  /** Facts about the workload, written to the results file (rule counts, sizes ...). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Releases whatever the suite opened. */
  readonly close?: () => Promise<void>;
}

/** A benchmark suite, registered in `suites.ts` and run by `npm run bench -- <name>`. */
export interface BenchSuite {
  readonly description: string;
  readonly warmup: number;
  /** Samples of the subject (and as many of the floor), taken in interleaved rounds. */
  readonly samples: number;
  setUp(): Promise<BenchSetup>;
}
