import { BatonMetrics } from '../metrics/baton-metrics';
import type { SqlSource } from './compute-kpis';
import { kpiGaugeSamples, trailingKpis } from './kpi-gauges';

/** Answers the rollup with one triage row, and its one broken-down figure with two keys. */
function countingSource(): SqlSource & { queries: number; windows: unknown[][]; failNext: boolean } {
  const state = {
    queries: 0,
    windows: [] as unknown[][],
    failNext: false,
    query(text: string, parameters?: unknown[]) {
      state.queries += 1;
      if (state.failNext) {
        state.failNext = false;
        return Promise.reject(new Error('database down'));
      }
      if (text.includes('by-esi')) {
        return Promise.resolve([
          { key: '2', value: 40 },
          { key: '3', value: 250 },
        ]);
      }
      state.windows.push(parameters ?? []);
      return Promise.resolve([
        {
          vertical: 'triage',
          transactions: '4',
          succeeded: '3',
          failed: '1',
          cancelled: '0',
          in_flight: '0',
          p50: 100,
          p95: 200,
          p99: null,
          model_cost: '0',
          steps: '8',
          model_calls: '0',
          avoided: '0',
        },
      ]);
    },
  };
  return state;
}

const definitions = {
  triage: {
    figures: [
      {
        name: 'time-to-triage-p99-by-esi-ms',
        description: 'p99',
        unit: 'ms' as const,
        by: 'esi',
        band: { op: '<' as const, limit: 100 },
        sql: 'by-esi {events}',
      },
    ],
  },
};

describe('KPI gauges: the event store’s figures on /metrics', () => {
  it('reads the trailing window, at most once per interval however often it is scraped', async () => {
    const source = countingSource();
    let now = Date.parse('2026-12-01T10:00:00Z');
    const kpis = trailingKpis({
      source,
      infraCostPerStepUsd: 0,
      definitions,
      windowMs: 60_000,
      minIntervalMs: 30_000,
      now: () => new Date(now),
    });
    await kpis.report();
    await kpis.report();
    expect(source.queries).toBe(2);
    expect(source.windows[0]).toEqual(['2026-12-01T09:59:00.000Z', '2026-12-01T10:00:00.000Z', null]);
    now += 30_000;
    await kpis.report();
    expect(source.queries).toBe(4);
    // A failed read is not remembered: the next scrape reads again.
    now += 30_000;
    source.failNext = true;
    await expect(kpis.report()).rejects.toThrow('database down');
    await kpis.report();
    expect(source.queries).toBe(7);
  });

  it('exports every measured figure with its key, and whether a banded one is within its band', async () => {
    const report = await trailingKpis({ source: countingSource(), infraCostPerStepUsd: 0, definitions }).report();
    expect(kpiGaugeSamples(report)).toEqual([
      { labels: { vertical: 'triage', figure: 'success-rate', key: '' }, value: 0.75, withinBand: false },
      // p99 latency has nothing measured: left out
      { labels: { vertical: 'triage', figure: 'cost-per-transaction-usd', key: '' }, value: 0, withinBand: true },
      { labels: { vertical: 'triage', figure: 'time-to-triage-p99-by-esi-ms', key: '2' }, value: 40, withinBand: true },
      {
        labels: { vertical: 'triage', figure: 'time-to-triage-p99-by-esi-ms', key: '3' },
        value: 250,
        withinBand: false,
      },
    ]);
    const metrics = new BatonMetrics();
    metrics.trackKpis({ report: async () => report });
    const text = await metrics.registry.metrics();
    expect(text).toContain('baton_kpi_value{vertical="triage",figure="time-to-triage-p99-by-esi-ms",key="3"} 250');
    expect(text).toContain('baton_kpi_within_band{vertical="triage",figure="time-to-triage-p99-by-esi-ms",key="3"} 0');
    expect(text).toContain('baton_kpi_within_band{vertical="triage",figure="success-rate",key=""} 0');
  });

  it('exports nothing, and does not fail the scrape, when the event store cannot be read', async () => {
    const metrics = new BatonMetrics();
    metrics.trackKpis({ report: () => Promise.reject(new Error('database down')) });
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/^baton_kpi_value\{/m);
    expect(text).toContain('# TYPE baton_kpi_value gauge');
  });
});
