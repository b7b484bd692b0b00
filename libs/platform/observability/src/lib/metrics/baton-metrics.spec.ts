import { register } from 'prom-client';
import { BatonMetrics } from './baton-metrics';
import { METRIC_NAMES } from './metric-names';
import { orchestrationObserver } from './orchestration-observer';
import { figure, KPI_BANDS, type KpiReport } from '../kpi/kpi-report';

const modelCall = {
  provider: 'deterministic',
  model: 'offline-1',
  usage: { inputTokens: 120, outputTokens: 30 },
  costUsd: 0.0125,
};

const oneVerticalReport: KpiReport = {
  from: '2026-12-01T00:00:00.000Z',
  to: '2026-12-01T00:15:00.000Z',
  infraCostPerStepUsd: 0,
  verticals: [
    {
      vertical: 'loan',
      transactions: 1,
      succeeded: 1,
      failed: 0,
      cancelled: 0,
      inFlight: 0,
      successRate: figure(1, KPI_BANDS.successRate),
      latencyMs: { p50: 120, p95: 120, p99: figure(120, KPI_BANDS.latencyP99Ms) },
      costPerTransactionUsd: figure(0.01, KPI_BANDS.costPerTransactionUsd),
      modelCostUsd: 0.01,
      infraCostUsd: 0,
      stepsCompleted: 3,
      modelCalls: 1,
      modelCallsAvoided: 0,
      figures: [],
    },
  ],
};

/** One run's worth of observer calls, as the engine makes them. */
function observeOneRun(metrics: BatonMetrics) {
  const observer = orchestrationObserver(metrics);
  observer.runStarted({ workflowId: 'loan.underwrite', version: 1, runId: 'run-7f3a', tenantId: 'tenant-acme' });
  observer.policyDecided({ workflowId: 'loan.underwrite', intent: 'llm.invoke', effect: 'allow', policyVersion: '3' });
  observer.modelCalled({ workflowId: 'loan.underwrite', stepId: 'assess', call: modelCall });
  observer.stepRetryScheduled({
    workflowId: 'loan.underwrite',
    stepId: 'kyc',
    attempt: 1,
    code: 'UPSTREAM_TIMEOUT',
    delayMs: 200,
  });
  observer.circuitStateChanged({ dependency: 'bureau', state: 'open' });
  observer.stepFinished({
    workflowId: 'loan.underwrite',
    stepId: 'kyc',
    kind: 'agent',
    outcome: 'completed',
    durationMs: 40,
  });
  observer.runFinished({ workflowId: 'loan.underwrite', runId: 'run-7f3a', outcome: 'completed', durationMs: 320 });
  metrics.deadLettered('loan.kyc.check.v1', 'CONTRACT_VIOLATION');
  metrics.redelivered('loan.kyc.check.v1');
  metrics.accessLogFailed('application');
}

describe('BatonMetrics', () => {
  it('exposes every contracted metric name after a run, on its own registry (not the global one)', async () => {
    const metrics = new BatonMetrics();
    metrics.trackOutboxLag({ lagSeconds: async () => 1.5 }, 'loan');
    metrics.trackKpis({ report: async () => oneVerticalReport });
    observeOneRun(metrics);
    const text = await metrics.registry.metrics();
    for (const name of Object.values(METRIC_NAMES))
      expect({ name, exposed: new RegExp(`^${name}(_bucket|_sum|_count)?\\{`, 'm').test(text) }).toEqual({
        name,
        exposed: true,
      });
    expect(await register.metrics()).not.toContain('baton_');
  });

  it('records the values the engine reports, with bounded labels only', async () => {
    const metrics = new BatonMetrics();
    observeOneRun(metrics);
    observeOneRun(metrics);
    const text = await metrics.registry.metrics();
    expect(text).toContain('baton_runs_total{workflow="loan.underwrite",outcome="completed"} 2');
    expect(text).toContain('baton_llm_tokens_total{provider="deterministic",model="offline-1",kind="input"} 240');
    expect(text).toContain('baton_llm_tokens_total{provider="deterministic",model="offline-1",kind="output"} 60');
    expect(text).toContain(
      'baton_llm_cost_usd_total{workflow="loan.underwrite",provider="deterministic",model="offline-1"} 0.025',
    );
    expect(text).toContain('baton_circuit_state{dependency="bureau"} 2');
    expect(text).toContain(
      'baton_run_duration_seconds_bucket{le="0.5",workflow="loan.underwrite",outcome="completed"} 2',
    );
    expect(text).toContain(
      'baton_run_duration_seconds_bucket{le="0.25",workflow="loan.underwrite",outcome="completed"} 0',
    );
    expect(text).toContain('baton_messages_dead_lettered_total{queue="loan.kyc.check.v1",code="CONTRACT_VIOLATION"} 2');
    expect(text).toContain('baton_access_log_failures_total{view="application"} 2');
    expect(text).not.toMatch(/run-7f3a|tenant-acme/);
  });

  it('reads the outbox lag on every scrape', async () => {
    const metrics = new BatonMetrics();
    let lag = 0;
    metrics.trackOutboxLag({ lagSeconds: async () => lag }, 'loan');
    expect(await metrics.registry.metrics()).toContain('baton_outbox_lag_seconds{outbox="loan"} 0');
    lag = 42.5;
    expect(await metrics.registry.metrics()).toContain('baton_outbox_lag_seconds{outbox="loan"} 42.5');
  });

  it('never throws into the engine', () => {
    const metrics = new BatonMetrics();
    const observer = orchestrationObserver(metrics);
    expect(() =>
      observer.modelCalled({ workflowId: 'w', stepId: 's', call: { ...modelCall, costUsd: -1 } }),
    ).not.toThrow();
  });
});
