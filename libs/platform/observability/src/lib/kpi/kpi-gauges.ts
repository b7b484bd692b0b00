import { computeKpis, type KpiOptions, type SqlSource } from './compute-kpis';
import type { KpiFigure, KpiReport } from './kpi-report';

/** Anything that can give the current KPIs: {@link trailingKpis} over the event store. */
export interface KpiReportSource {
  report(): Promise<KpiReport>;
}

export interface TrailingKpiOptions extends Omit<KpiOptions, 'from' | 'to'> {
  readonly source: SqlSource;
  /** The window ending now. Default 15 minutes, as the alert rules' rates. */
  readonly windowMs?: number;
  /** However often Prometheus scrapes, the event store is read at most this often. Default 60 s. */
  readonly minIntervalMs?: number;
  /** Injected so tests can fix it. */
  readonly now?: () => Date;
}

/** One gauge sample of a report: a figure's value and, for a banded one, whether it is within. */
export interface KpiGaugeSample {
  readonly labels: { readonly vertical: string; readonly figure: string; readonly key: string };
  readonly value: number;
  readonly withinBand: boolean | null;
}

/**
 * The KPIs of the trailing window, recomputed from the event store at most once per
 * `minIntervalMs` (a scrape reads several gauges; they share one computation).
 *
 * @example metrics.trackKpis(trailingKpis({ source: dataSource, schema: 'triage', infraCostPerStepUsd: 0.0005, definitions }));
 */
export function trailingKpis(options: TrailingKpiOptions): KpiReportSource {
  const { source, windowMs = 15 * 60_000, minIntervalMs = 60_000, now = () => new Date(), ...rest } = options;
  let cached: { at: number; report: Promise<KpiReport> } | null = null;
  return {
    report() {
      const to = now();
      if (cached && to.getTime() - cached.at < minIntervalMs) return cached.report;
      const report = computeKpis(source, { ...rest, from: new Date(to.getTime() - windowMs), to });
      cached = { at: to.getTime(), report };
      // A failed read is not remembered: the next scrape tries again.
      report.catch(() => (cached = null));
      return report;
    },
  };
}

/**
 * A report as gauge samples (`vertical`, `figure`, `key` labels): the shared figures as
 * `success-rate`, `latency-p99-ms` and `cost-per-transaction-usd`, then the vertical's own (`key`
 * empty unless the figure is broken down). Figures with nothing measured are left out.
 *
 * @example kpiGaugeSamples(report).find((s) => s.labels.figure === 'time-to-triage-esi-1-2-p99-ms');
 */
export function kpiGaugeSamples(report: KpiReport): KpiGaugeSample[] {
  return report.verticals.flatMap((kpis) => {
    const shared: Array<[string, KpiFigure]> = [
      ['success-rate', kpis.successRate],
      ['latency-p99-ms', kpis.latencyMs.p99],
      ['cost-per-transaction-usd', kpis.costPerTransactionUsd],
    ];
    const samples = [
      ...shared.map(([figure, measured]) => ({ figure, key: '', value: measured.value, withinBand: measured.ok })),
      ...kpis.figures.map((own) => ({ figure: own.name, key: own.key ?? '', value: own.value, withinBand: own.ok })),
    ];
    return samples.flatMap(({ figure, key, value, withinBand }) =>
      value === null ? [] : [{ labels: { vertical: kpis.vertical, figure, key }, value, withinBand }],
    );
  });
}
