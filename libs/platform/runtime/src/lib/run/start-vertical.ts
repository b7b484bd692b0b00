import { BatonMetrics, orchestrationObserver, startMetricsServer } from '@baton/observability';
import { AuditKey, loadAuditKey } from '@baton/state-store';
import type { Vertical } from '../definition/define-vertical';
import type { VerticalConfig } from '../definition/vertical-definition';
import { ApiOptions, RunningApi, startApiRole } from '../roles/api-role';
import { RunningRelay, startRelayRole } from '../roles/relay-role';
import { RunningWorker, startWorkerRole, WorkerOverrides } from '../roles/worker-role';

/** What `startVertical` may be given beyond the configuration. */
export interface StartVerticalOptions {
  readonly metrics?: BatonMetrics;
  /** The audit chain's key; read from the configuration when not given. */
  readonly auditKey?: AuditKey;
  readonly worker?: WorkerOverrides;
  readonly api?: ApiOptions;
  /** Host the metrics server of a worker or relay binds (default `0.0.0.0`: Prometheus scrapes it from elsewhere). */
  readonly metricsHost?: string;
  /** Told each role's ready line (`loan api ready on :3000`). */
  readonly onReady?: (line: string) => void;
}

/** The roles one process runs, and how to stop them in a safe order. */
export interface RunningVertical {
  readonly config: VerticalConfig;
  readonly metrics: BatonMetrics;
  readonly api: RunningApi | null;
  readonly worker: RunningWorker | null;
  readonly relay: RunningRelay | null;
  /** The metrics port of a worker or relay (the API serves them on its own port). */
  readonly metricsPort: number | null;
  /**
   * Stops taking requests (API) and messages (consumers), finishes what the process holds, then
   * closes timers, relays, broker links and pools, in that order.
   */
  stop(): Promise<void>;
}

/**
 * Starts the roles `config.ROLE` names in this process: `api`, `worker`, `relay`, or `all` (API
 * and worker). `runVertical` is this plus configuration, tracing and signals; tests call it
 * through `startTestVertical`.
 *
 * @example const running = await startVertical(loanVertical, loanVertical.readConfig(process.env));
 */
export async function startVertical(
  vertical: Vertical,
  config: VerticalConfig,
  options: StartVerticalOptions = {},
): Promise<RunningVertical> {
  const metrics = options.metrics ?? new BatonMetrics();
  const auditKey =
    options.auditKey ??
    loadAuditKey({ AUDIT_HMAC_KEY: config.AUDIT_HMAC_KEY, AUDIT_HMAC_KEY_FILE: config.AUDIT_HMAC_KEY_FILE });
  const ready = options.onReady ?? (() => undefined);
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    // In start order reversed: the API stops taking requests before the worker stops.
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  const metricsHost = options.metricsHost ?? '0.0.0.0';
  let worker: RunningWorker | null = null;
  let relay: RunningRelay | null = null;
  let api: RunningApi | null = null;
  let metricsPort: number | null = null;
  try {
    if (config.ROLE === 'worker' || config.ROLE === 'all') {
      worker = await startWorkerRole(vertical, config, auditKey, {
        observer: orchestrationObserver(metrics),
        messagingMetrics: metrics,
        watchRelay: (outbox) => metrics.trackOutboxLag(outbox, config.DATABASE_SCHEMA),
        ...options.worker,
      });
      stops.push(() => (worker as RunningWorker).stop());
    }
    if (config.ROLE === 'relay') {
      relay = await startRelayRole(vertical, config, {
        watchRelay: (outbox) => metrics.trackOutboxLag(outbox, config.DATABASE_SCHEMA),
      });
      stops.push(() => (relay as RunningRelay).stop());
    }
    if (config.ROLE === 'worker' || config.ROLE === 'relay') {
      // In `all` the API serves the same registry on PORT; a worker or relay alone serves it here.
      const server = await startMetricsServer({
        port: config.METRICS_PORT,
        host: metricsHost,
        registry: metrics.registry,
      });
      metricsPort = server.port;
      stops.unshift(() => server.close());
      ready(`${vertical.name} ${config.ROLE} ready (metrics on :${server.port})`);
    } else if (worker) {
      ready(`${vertical.name} worker ready`);
    }
    // A vertical without an API runs `all` as a worker; `api` alone is refused by the API role.
    if (config.ROLE === 'api' || (config.ROLE === 'all' && vertical.definition.api)) {
      api = await startApiRole(vertical, config, auditKey, { metrics, ...options.api });
      stops.push(() => (api as RunningApi).stop());
      ready(`${vertical.name} api ready on :${new URL(api.url).port} (docs at /docs)`);
    }
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  return { config, metrics, api, worker, relay, metricsPort, stop: stopAll };
}
