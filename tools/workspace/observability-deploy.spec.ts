import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BatonMetrics, METRIC_NAMES } from '@baton/observability';
import { verticals } from '../verticals';
import { repoRoot } from './workspace-paths';

// Prometheus and Grafana are provisioned from deploy/ for the compose deployment; no engine runs
// here, so the files are checked statically against the metrics the code really registers.
interface AlertRule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const alerts = parse(read('deploy/prometheus/alerts.yml')) as { groups: { name: string; rules: AlertRule[] }[] };
const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as {
  rule_files: string[];
  scrape_configs: {
    job_name: string;
    metrics_path: string;
    static_configs?: { targets: string[] }[];
    dns_sd_configs?: { names: string[]; type: string; port: number }[];
  }[];
};
const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
  datasources: { uid: string; type: string }[];
};
const providers = parse(read('deploy/grafana/provisioning/dashboards/baton.yml')) as {
  providers: { options: { path: string } }[];
};
const dashboard = JSON.parse(read('deploy/grafana/dashboards/baton.json')) as {
  uid: string;
  panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
};

const registered = new Set(new BatonMetrics().registry.getMetricsAsArray().map((metric) => metric.name));
/** Metric names an expression refers to, histogram series suffixes folded onto their metric. */
const metricsIn = (expr: string) =>
  [...expr.matchAll(/\bbaton_[a-z_]+\b/g)].map(([name]) => name.replace(/_(bucket|sum|count)$/, ''));

describe('deploy/ (Prometheus and Grafana provisioning, static validation)', () => {
  const rules = alerts.groups.flatMap((group) => group.rules);
  const exprs = [
    ...rules.map((rule) => rule.expr ?? ''),
    ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)),
  ];

  it('refers only to metrics BatonMetrics registers', () => {
    const referenced = new Set(exprs.flatMap(metricsIn));
    expect(referenced.size).toBeGreaterThan(5);
    for (const name of referenced)
      expect({ name, registered: registered.has(name) }).toEqual({ name, registered: true });
  });

  it('charts every contracted metric on the dashboard', () => {
    const charted = new Set(
      dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => metricsIn(target.expr))),
    );
    for (const name of Object.values(METRIC_NAMES))
      expect({ name, charted: charted.has(name) }).toEqual({ name, charted: true });
  });

  it('gives every alert an expression, a duration, labels and annotations, and covers the three bands', () => {
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of rules) {
      expect({
        alert: rule.alert,
        complete: Boolean(
          rule.alert &&
          rule.expr &&
          rule.for &&
          rule.labels?.['severity'] &&
          rule.annotations?.['summary'] &&
          rule.annotations?.['description'],
        ),
      }).toEqual({ alert: rule.alert, complete: true });
      expect(rule.for).toMatch(/^\d+[smh]$/);
    }
    expect(
      rules
        .map((rule) => rule.labels?.['band'])
        .filter(Boolean)
        .sort(),
    ).toEqual(['cost_per_transaction', 'latency', 'success_rate']);
    const byBand = (band: string) => rules.find((rule) => rule.labels?.['band'] === band)?.expr ?? '';
    expect(byBand('cost_per_transaction')).toMatch(/> 0\.25\s*$/);
    expect(byBand('latency')).toMatch(
      /histogram_quantile\(0\.99,[\s\S]*baton_run_duration_seconds_bucket[\s\S]*>= 0\.5\s*$/,
    );
    expect(byBand('success_rate')).toMatch(/<= 0\.995\s*$/);
  });

  it('refers only to KPI figures a vertical defines (`defineVertical({ kpis })`) or the shared ones', () => {
    const defined = new Map(
      verticals.map(({ vertical }) => [
        vertical.name,
        new Set([
          'success-rate',
          'latency-p99-ms',
          'cost-per-transaction-usd',
          ...(vertical.definition.kpis?.figures ?? []).map((figure) => figure.name),
        ]),
      ]),
    );
    const referenced = exprs.flatMap((expr) =>
      [...expr.matchAll(/baton_kpi_(?:value|within_band)\{vertical="([a-z-]+)",figure="([a-z0-9-]+)"/g)].map(
        ([, vertical = '', figure = '']) => ({ vertical, figure }),
      ),
    );
    expect(referenced.length).toBeGreaterThanOrEqual(8);
    for (const { vertical, figure } of referenced)
      expect({ vertical, figure, defined: defined.get(vertical)?.has(figure) ?? false }).toEqual({
        vertical,
        figure,
        defined: true,
      });
  });

  it('alerts on triage’s time to triage at the bands its KPI definition sets, and on any access-log failure', () => {
    const triage = verticals.find((entry) => entry.short === 'triage')?.vertical.definition.kpis;
    const limitOf = (name: string) => triage?.figures?.find((figure) => figure.name === name)?.band?.limit;
    const byName = (alert: string) => rules.find((rule) => rule.alert === alert)?.expr ?? '';
    expect(byName('BatonTriageUrgentTimeToTriageSlow')).toMatch(
      new RegExp(`figure="time-to-triage-esi-1-2-p99-ms"\\}\\) >= ${limitOf('time-to-triage-esi-1-2-p99-ms')}\\s*$`),
    );
    expect(byName('BatonTriageTimeToTriageSlow')).toMatch(
      new RegExp(`figure="time-to-triage-p99-ms"\\}\\) >= ${limitOf('time-to-triage-p99-ms')}\\s*$`),
    );
    expect(byName('BatonAccessLogFailing')).toMatch(/increase\(baton_access_log_failures_total\[\w+\]\)\) > 0\s*$/);
    // Every vertical's own figures; the shared ones have their band alerts on the run counters.
    expect(byName('BatonKpiOutsideBand')).toMatch(
      /baton_kpi_within_band\{figure!~"success-rate\|latency-p99-ms\|cost-per-transaction-usd"\}\) == 0\s*$/,
    );
  });

  it('wires Prometheus to the rules and Grafana to Prometheus and the dashboards folder', () => {
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(prometheus.scrape_configs.every((job) => job.metrics_path === '/metrics')).toBe(true);
    const uids = datasources.datasources.filter((source) => source.type === 'prometheus').map((source) => source.uid);
    for (const panel of dashboard.panels)
      expect({ panel: panel.title, uid: uids.includes(panel.datasource.uid) }).toEqual({
        panel: panel.title,
        uid: true,
      });
    expect(providers.providers[0]?.options.path).toBe('/var/lib/grafana/dashboards');
  });

  it('scrapes every vertical of tools/verticals.json: its API statically on its compose port, scaled workers and relays by DNS', () => {
    const job = (name: string) => prometheus.scrape_configs.find((config) => config.job_name === name);
    const listed = JSON.parse(read('tools/verticals.json')) as Array<{ short: string }>;
    const composeServices = (
      parse(read('docker-compose.yml'), { merge: true }) as {
        services: Record<string, { environment?: Record<string, string> }>;
      }
    ).services;
    const apiTargets = listed.map(
      ({ short }) => `${short}-api:${composeServices[`${short}-api`]?.environment?.['PORT']}`,
    );
    expect(job('baton-api')?.static_configs?.flatMap((config) => config.targets)).toEqual(apiTargets);
    for (const [name, role] of [
      ['baton-workers', 'worker'],
      ['baton-relays', 'relay'],
    ] as const) {
      expect(job(name)?.dns_sd_configs).toEqual([
        expect.objectContaining({ names: listed.map(({ short }) => `${short}-${role}`), type: 'A', port: 9464 }),
      ]);
    }
    expect(new Set(prometheus.scrape_configs.map((config) => config.job_name)).size).toBe(
      prometheus.scrape_configs.length,
    );
  });
});
