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

/** A suite that measures a subject against one floor operation, sample by sample. */
export interface PairedBenchSuite {
  readonly description: string;
  readonly warmup: number;
  /** Samples of the subject (and as many of the floor), taken in interleaved rounds. */
  readonly samples: number;
  setUp(): Promise<BenchSetup>;
}

/**
 * A suite that runs its own measurements (several floors, concurrency levels) and returns the
 * results file's content and a table to print.
 */
export interface CustomBenchSuite {
  readonly description: string;
  run(
    progress: (message: string) => void,
    options: {
      readonly smoke: boolean;
      /** The command line's other arguments, for a suite's own flags. */ readonly args: readonly string[];
    },
  ): Promise<{ readonly table: string; readonly result: Readonly<Record<string, unknown>> }>;
}

/** A benchmark suite, registered in `suites.ts` and run by `npm run bench -- <name>`. */
export type BenchSuite = PairedBenchSuite | CustomBenchSuite;

export function isCustomSuite(suite: BenchSuite): suite is CustomBenchSuite {
  return 'run' in suite;
}
