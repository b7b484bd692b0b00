import { figureLabel, type KpiFigure, type KpiReport, type MeasuredKpiFigure } from './kpi-report';

/**
 * A Markdown table of a report: each figure beside its band, with ✓ (within), ✗ (outside) or
 * – (nothing measured yet).
 *
 * @example process.stdout.write(formatKpiTable(report));
 */
export function formatKpiTable(report: KpiReport): string {
  const lines = [
    `KPIs from ${report.from} to ${report.to} (infrastructure $${report.infraCostPerStepUsd} per step)`,
    '',
  ];
  if (report.verticals.length === 0) return [...lines, 'no transactions in this window', ''].join('\n');
  lines.push('| vertical | figure | value | band | ok |', '| --- | --- | --- | --- | --- |');
  for (const kpis of report.verticals) {
    const row = (name: string, value: string, band = '', ok = '') =>
      lines.push(`| ${kpis.vertical} | ${name} | ${value} | ${band} | ${ok} |`);
    row(
      'transactions',
      `${kpis.transactions} (${kpis.succeeded} ok, ${kpis.failed} failed, ${kpis.cancelled} cancelled, ${kpis.inFlight} in flight)`,
    );
    checked(row, 'success rate', kpis.successRate, (value) => `${(value * 100).toFixed(2)}%`);
    row('latency p50 / p95', `${ms(kpis.latencyMs.p50)} / ${ms(kpis.latencyMs.p95)}`);
    checked(row, 'latency p99', kpis.latencyMs.p99, (value) => ms(value));
    checked(row, 'cost per transaction', kpis.costPerTransactionUsd, (value) => `$${value.toFixed(4)}`);
    row('model calls (avoided by policy)', `${kpis.modelCalls} (${kpis.modelCallsAvoided} avoided)`);
    for (const own of kpis.figures) {
      const value = own.value === null ? 'n/a' : formatUnit(own.unit, own.value);
      const band = own.band ? `${own.band.op} ${formatUnit(own.unit, own.band.limit)}` : '';
      row(figureLabel(own), value, band, own.band === null ? '' : own.ok === null ? '–' : own.ok ? '✓' : '✗');
    }
  }
  return `${lines.join('\n')}\n`;
}

function checked(
  row: (name: string, value: string, band: string, ok: string) => void,
  name: string,
  kpi: KpiFigure,
  show: (value: number) => string,
): void {
  const limit = name.startsWith('success')
    ? `${kpi.band.limit * 100}%`
    : name.startsWith('cost')
      ? `$${kpi.band.limit}`
      : ms(kpi.band.limit);
  row(
    name,
    kpi.value === null ? 'n/a' : show(kpi.value),
    `${kpi.band.op} ${limit}`,
    kpi.ok === null ? '–' : kpi.ok ? '✓' : '✗',
  );
}

function formatUnit(unit: MeasuredKpiFigure['unit'], value: number): string {
  if (unit === 'ratio') return `${(value * 100).toFixed(2)}%`;
  if (unit === 'usd') return `$${value.toFixed(4)}`;
  if (unit === 'ms') return ms(value);
  return String(value);
}

function ms(value: number | null): string {
  return value === null ? 'n/a' : `${Math.round(value)} ms`;
}
