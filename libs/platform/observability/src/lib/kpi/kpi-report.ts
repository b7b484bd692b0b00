/** An acceptable band: the figure is ok when `value <op> limit`. */
export interface KpiBand {
  readonly op: '<=' | '<' | '>=' | '>';
  readonly limit: number;
}

/** One figure beside its band; `value` and `ok` are null when there is nothing to measure yet. */
export interface KpiFigure {
  readonly value: number | null;
  readonly band: KpiBand;
  readonly ok: boolean | null;
}

/**
 * The seed's acceptable bands: cost per transaction at most $0.25, end-to-end latency under
 * 500 ms (checked at p99, so p50 and p95 are under it too), success rate over 99.5%.
 */
export const KPI_BANDS = {
  costPerTransactionUsd: { op: '<=', limit: 0.25 },
  latencyP99Ms: { op: '<', limit: 500 },
  successRate: { op: '>', limit: 0.995 },
} as const satisfies Record<string, KpiBand>;

/** The KPIs of one vertical over one window. */
export interface VerticalKpis {
  /** The first dot-separated segment of the workflow id (`loan` for `loan.underwrite`). */
  readonly vertical: string;
  /** Top-level runs started in the window. */
  readonly transactions: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Not yet ended (or retried after failing): excluded from the success rate and latency. */
  readonly inFlight: number;
  /** succeeded / (succeeded + failed). */
  readonly successRate: KpiFigure;
  /** From `run.started` to the run's last terminal event, over succeeded and failed runs. */
  readonly latencyMs: { readonly p50: number | null; readonly p95: number | null; readonly p99: KpiFigure };
  /** (model cost + infrastructure cost per completed step) / transactions, child runs included. */
  readonly costPerTransactionUsd: KpiFigure;
  readonly modelCostUsd: number;
  readonly infraCostUsd: number;
  readonly stepsCompleted: number;
  readonly modelCalls: number;
  /** Transactions whose `llm.invoke` gate denied (or sent to review) and that made no model call. */
  readonly modelCallsAvoided: number;
  /**
   * The vertical's own figures (`defineVertical({ kpis })`), in the order it defines them; a figure
   * broken down `by` something gives one entry per key, in key order.
   */
  readonly figures: readonly MeasuredKpiFigure[];
}

/** A vertical's own figure as measured, beside its band (null when it has none). */
export interface MeasuredKpiFigure {
  readonly name: string;
  /** For a figure broken down by something (`esi`): what, and this row's key (`2`). */
  readonly by?: string;
  readonly key?: string;
  readonly description: string;
  readonly unit: 'ratio' | 'ms' | 'usd' | 'count';
  readonly value: number | null;
  readonly band: KpiBand | null;
  readonly ok: boolean | null;
}

/** KPIs per vertical, computed from the event store over `[from, to)`. */
export interface KpiReport {
  readonly from: string;
  readonly to: string;
  readonly infraCostPerStepUsd: number;
  readonly verticals: readonly VerticalKpis[];
}

/**
 * How a vertical's figure is named in tables and alerts: its name, and its key when it is broken down.
 *
 * @example figureLabel({ name: 'time-to-triage-p99-ms', by: 'esi', key: '2', ... }); // 'time-to-triage-p99-ms (esi 2)'
 */
export function figureLabel(own: Pick<MeasuredKpiFigure, 'name' | 'by' | 'key'>): string {
  return own.key === undefined ? own.name : `${own.name} (${own.by ?? 'key'} ${own.key})`;
}

/** A value beside its band. */
export function figure(value: number | null, band: KpiBand): KpiFigure {
  return { value, band, ok: value === null ? null : withinBand(value, band) };
}

function withinBand(value: number, band: KpiBand): boolean {
  switch (band.op) {
    case '<=':
      return value <= band.limit;
    case '<':
      return value < band.limit;
    case '>=':
      return value >= band.limit;
    case '>':
      return value > band.limit;
  }
}
