import type { LatencyFigures } from './latency-figures';

// The demo reports' cell formats, shared so every vertical's report reads alike.

/** `$0.0123` under a dollar, `$1.23` above. */
export const usd = (value: number) => `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
/** Whole milliseconds with thousands separators; `n/a` for none. */
export const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? 'n/a' : `${Math.round(value).toLocaleString('en-US')} ms`;
export const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
export const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
/** ✓, ✗, or – when there is nothing to judge. */
export const check = (ok: boolean | null) => (ok === null ? '–' : ok ? '✓' : '✗');
/** One Markdown table row. */
export const row = (...cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

/** A latency table row: count, p50, p95, p99, max (empty cells for no samples). */
export function latencyRow(label: string, figures: LatencyFigures | null): string {
  return figures
    ? row(label, figures.count, ms(figures.p50Ms), ms(figures.p95Ms), ms(figures.p99Ms), ms(figures.maxMs))
    : row(label, 0, '', '', '', '');
}
