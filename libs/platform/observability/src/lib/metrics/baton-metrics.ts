import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { kpiGaugeSamples, type KpiReportSource } from '../kpi/kpi-gauges';
import type { KpiReport } from '../kpi/kpi-report';
import { CIRCUIT_STATE_VALUES, CircuitStateName, METRIC_NAMES } from './metric-names';

/** Anything that can say how far its outbox is behind: `OutboxRelay` of `@baton/state-store`. */
export interface OutboxLagSource {
  lagSeconds(): Promise<number>;
}

export interface BatonMetricsOptions {
  /** The registry to register on; a new one by default (never prom-client's global registry). */
  readonly registry?: Registry;
  /** Also collect Node process metrics (CPU, memory, event loop lag) on the registry. */
  readonly processMetrics?: boolean;
}

/** One successful model call, as counted. */
export interface ModelCallMeasurement {
  readonly workflow: string;
  readonly provider: string;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

// Run latency is judged against 500 ms (the seed's band), so the buckets are fine around it.
const RUN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const STEP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Baton's Prometheus metrics on one registry per process. Labels are bounded sets only
 * (workflow, step, outcome, dependency, effect, provider, model, token kind, queue, reason
 * code, view): never run, tenant or message ids, which would make every series unique.
 *
 * It implements `MessagingMetrics` of `@baton/messaging` (`deadLettered`) and `AccessLogMetrics`
 * of `@baton/state-store` (`accessLogFailed`), and
 * {@link orchestrationObserver} adapts it to the orchestration engine's observer port.
 *
 * @example
 * const metrics = new BatonMetrics({ processMetrics: true });
 * metrics.runFinished('loan.underwrite', 'completed', 0.212);
 * metrics.trackOutboxLag(relay);
 * const text = await metrics.registry.metrics();
 */
export class BatonMetrics {
  readonly registry: Registry;
  private readonly runs: Counter<'workflow' | 'outcome'>;
  private readonly runDuration: Histogram<'workflow' | 'outcome'>;
  private readonly stepDuration: Histogram<'workflow' | 'step' | 'kind' | 'outcome'>;
  private readonly stepRetries: Counter<'workflow' | 'step' | 'code'>;
  private readonly circuit: Gauge<'dependency'>;
  private readonly decisions: Counter<'workflow' | 'intent' | 'effect'>;
  private readonly llmCalls: Counter<'workflow' | 'provider' | 'model'>;
  private readonly llmTokens: Counter<'provider' | 'model' | 'kind'>;
  private readonly llmCost: Counter<'workflow' | 'provider' | 'model'>;
  private readonly deadLetters: Counter<'queue' | 'code'>;
  private readonly redeliveries: Counter<'queue'>;
  private readonly accessLogFailures: Counter<'view'>;
  private readonly lagSources = new Map<string, OutboxLagSource>();
  private kpiSource: KpiReportSource | null = null;

  constructor(options: BatonMetricsOptions = {}) {
    const registry = options.registry ?? new Registry();
    this.registry = registry;
    const registers = [registry];
    this.runs = new Counter({
      name: METRIC_NAMES.runs,
      help: 'Runs finished, by workflow and outcome',
      labelNames: ['workflow', 'outcome'],
      registers,
    });
    this.runDuration = new Histogram({
      name: METRIC_NAMES.runDuration,
      help: 'Run duration from start to its terminal event',
      labelNames: ['workflow', 'outcome'],
      buckets: RUN_BUCKETS,
      registers,
    });
    this.stepDuration = new Histogram({
      name: METRIC_NAMES.stepDuration,
      help: 'Step duration',
      labelNames: ['workflow', 'step', 'kind', 'outcome'],
      buckets: STEP_BUCKETS,
      registers,
    });
    this.stepRetries = new Counter({
      name: METRIC_NAMES.stepRetries,
      help: 'Step retries scheduled, by error code',
      labelNames: ['workflow', 'step', 'code'],
      registers,
    });
    this.circuit = new Gauge({
      name: METRIC_NAMES.circuitState,
      help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open, 3 isolated',
      labelNames: ['dependency'],
      registers,
    });
    this.decisions = new Counter({
      name: METRIC_NAMES.policyDecisions,
      help: 'Policy decisions, by intent and effect',
      labelNames: ['workflow', 'intent', 'effect'],
      registers,
    });
    this.llmCalls = new Counter({
      name: METRIC_NAMES.llmCalls,
      help: 'Model calls that produced valid output',
      labelNames: ['workflow', 'provider', 'model'],
      registers,
    });
    this.llmTokens = new Counter({
      name: METRIC_NAMES.llmTokens,
      help: 'Model tokens, by kind (input or output)',
      labelNames: ['provider', 'model', 'kind'],
      registers,
    });
    this.llmCost = new Counter({
      name: METRIC_NAMES.llmCost,
      help: 'Model cost in US dollars',
      labelNames: ['workflow', 'provider', 'model'],
      registers,
    });
    this.redeliveries = new Counter({
      name: METRIC_NAMES.redelivered,
      help: 'Messages the broker delivered again (a consumer died or handed them back), by queue',
      labelNames: ['queue'],
      registers,
    });
    this.deadLetters = new Counter({
      name: METRIC_NAMES.deadLettered,
      help: 'Messages moved to a dead-letter queue, by queue and reason code',
      labelNames: ['queue', 'code'],
      registers,
    });
    this.accessLogFailures = new Counter({
      name: METRIC_NAMES.accessLogFailures,
      help: 'Accesses refused with 503 because their access event could not be stored, by view',
      labelNames: ['view'],
      registers,
    });
    const lagSources = this.lagSources;
    new Gauge({
      name: METRIC_NAMES.outboxLag,
      help: 'Seconds since the oldest unsent outbox row was written (0 when none)',
      labelNames: ['outbox'],
      registers,
      // Read on every scrape, so the figure is the database's, not a stale counter.
      async collect() {
        this.reset();
        for (const [outbox, source] of lagSources) {
          const lag = await source.lagSeconds().catch(() => Number.NaN);
          this.set({ outbox }, lag);
        }
      },
    });
    // The event store's KPIs of the trailing window, read on scrape (only where `trackKpis` was called).
    const kpiReport = (): Promise<KpiReport | null> =>
      this.kpiSource ? this.kpiSource.report().catch(() => null) : Promise.resolve(null);
    new Gauge({
      name: METRIC_NAMES.kpiValue,
      help: 'KPI figures of the trailing window from the event store (GET /kpi), by vertical, figure and key',
      labelNames: ['vertical', 'figure', 'key'],
      registers,
      async collect() {
        const report = await kpiReport();
        this.reset();
        for (const sample of report ? kpiGaugeSamples(report) : []) this.set(sample.labels, sample.value);
      },
    });
    new Gauge({
      name: METRIC_NAMES.kpiWithinBand,
      help: 'Whether a banded KPI figure of the trailing window is within its band (1) or not (0)',
      labelNames: ['vertical', 'figure', 'key'],
      registers,
      async collect() {
        const report = await kpiReport();
        this.reset();
        for (const sample of report ? kpiGaugeSamples(report) : [])
          if (sample.withinBand !== null) this.set(sample.labels, sample.withinBand ? 1 : 0);
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: registry });
  }

  /** The content type of {@link BatonMetrics.registry}'s exposition format. */
  get contentType(): string {
    return this.registry.contentType;
  }

  runFinished(workflow: string, outcome: 'completed' | 'failed' | 'cancelled', durationSeconds: number): void {
    this.runs.inc({ workflow, outcome });
    this.runDuration.observe({ workflow, outcome }, durationSeconds);
  }

  stepFinished(
    workflow: string,
    step: string,
    kind: string,
    outcome: 'completed' | 'failed' | 'retrying',
    durationSeconds: number,
  ): void {
    this.stepDuration.observe({ workflow, step, kind, outcome }, durationSeconds);
  }

  stepRetryScheduled(workflow: string, step: string, code: string): void {
    this.stepRetries.inc({ workflow, step, code });
  }

  circuitStateChanged(dependency: string, state: CircuitStateName): void {
    this.circuit.set({ dependency }, CIRCUIT_STATE_VALUES[state]);
  }

  policyDecided(workflow: string, intent: string, effect: 'allow' | 'deny' | 'review'): void {
    this.decisions.inc({ workflow, intent, effect });
  }

  modelCalled(call: ModelCallMeasurement): void {
    const { workflow, provider, model } = call;
    this.llmCalls.inc({ workflow, provider, model });
    this.llmTokens.inc({ provider, model, kind: 'input' }, call.inputTokens);
    this.llmTokens.inc({ provider, model, kind: 'output' }, call.outputTokens);
    this.llmCost.inc({ workflow, provider, model }, call.costUsd);
  }

  /** `MessagingMetrics.redelivered` of `@baton/messaging`. */
  redelivered(queue: string, count = 1): void {
    this.redeliveries.inc({ queue }, count);
  }

  /** `MessagingMetrics.deadLettered` of `@baton/messaging`. */
  deadLettered(queue: string, code: string): void {
    this.deadLetters.inc({ queue, code });
  }

  /** `AccessLogMetrics.accessLogFailed` of `@baton/state-store`: an access refused because it could not be logged. */
  accessLogFailed(view: string): void {
    this.accessLogFailures.inc({ view });
  }

  /**
   * Exports a source's KPIs on every scrape as `baton_kpi_value` and `baton_kpi_within_band`
   * (labels `vertical`, `figure`, `key`), so dashboards and alerts see each vertical's own figures.
   *
   * @example metrics.trackKpis(trailingKpis({ source: dataSource, schema: 'triage', infraCostPerStepUsd: 0, definitions }));
   */
  trackKpis(source: KpiReportSource): void {
    this.kpiSource = source;
  }

  /**
   * Reports an outbox's lag on every scrape (label `outbox`, e.g. the schema name).
   *
   * @example metrics.trackOutboxLag(new OutboxRelay(dataSource, publisher), 'loan');
   */
  trackOutboxLag(source: OutboxLagSource, outbox = 'default'): void {
    this.lagSources.set(outbox, source);
  }
}
