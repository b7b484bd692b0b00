// The loan underwriting app: one build, roles by ROLE. `api` serves the HTTP API on PORT;
// `worker` runs the orchestrator, the agents, timers and a safety-net outbox relay; `relay`
// publishes the outbox alone (workers and relays scale by starting more), both with Prometheus
// metrics on METRICS_PORT; `all` runs api and worker in one process (demo, local development).
import 'reflect-metadata';
import { assertReachable, loadConfig, postgresDependency, rabbitmqDependency, runMain } from '@baton/config';
import { defaultModels } from '@baton/llm';
import {
  defaultOutsideSystems,
  startLoanApi,
  startLoanRelay,
  startLoanWorker,
  UnderwritingOptions,
} from '@baton/loan-underwriting-feature';
import { BatonMetrics, orchestrationObserver, setupTracing, startMetricsServer } from '@baton/observability';
import { loadAuditKey } from '@baton/state-store';
import { LoanEnv, loanEnvSchema } from './loan-config';

type Stop = () => Promise<void>;
/** Workers and relays are scraped from other hosts (Prometheus in its own container). */
const METRICS_HOST = '0.0.0.0';

async function main(): Promise<void> {
  const config = loadConfig(loanEnvSchema);
  await assertReachable([postgresDependency(config.DATABASE_URL), rabbitmqDependency(config.RABBITMQ_URL)]);
  // Spans are made in every role (their ids reach logs and message headers) and exported over
  // OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set (Jaeger in the compose deployment).
  const shutdownTracing = setupTracing({
    serviceName: `loan-underwriting-${config.ROLE}`,
    ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
  });
  const metrics = new BatonMetrics();
  const auditKey = loadAuditKey(process.env);
  const llmModel = process.env['LLM_MODEL'];
  const workflow: UnderwritingOptions = {
    reviewTimeoutMs: config.REVIEW_TIMEOUT_MS,
    model: {
      provider: config.LLM_PROVIDER,
      name: llmModel ?? defaultModels[config.LLM_PROVIDER as keyof typeof defaultModels] ?? config.LLM_PROVIDER,
    },
  };
  const stops: Stop[] = [];
  if (config.ROLE === 'worker' || config.ROLE === 'all')
    stops.push(await startWorker(config, metrics, auditKey, llmModel));
  if (config.ROLE === 'relay') stops.push(await startRelay(config, metrics));
  if (config.ROLE === 'api' || config.ROLE === 'all') {
    const api = await startLoanApi({
      databaseUrl: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      rabbitmqUrl: config.RABBITMQ_URL,
      ...(config.BROKER_NAMESPACE ? { namespace: config.BROKER_NAMESPACE } : {}),
      auditKey,
      port: config.PORT,
      host: '0.0.0.0',
      ...(config.AUTH_SIGNING_KEY ? { signingKey: config.AUTH_SIGNING_KEY } : {}),
      rateLimit: { limit: config.RATE_LIMIT, ttlMs: config.RATE_LIMIT_WINDOW_MS },
      workflow,
      metrics,
      infraCostPerStepUsd: config.KPI_INFRA_COST_PER_STEP_USD,
    });
    stops.unshift(() => api.stop());
    process.stdout.write(`loan api ready on :${new URL(api.url).port} (docs at /docs)\n`);
  }
  const shutdown = async () => {
    for (const stop of stops) await stop();
    await shutdownTracing();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

async function startWorker(
  config: LoanEnv,
  metrics: BatonMetrics,
  auditKey: ReturnType<typeof loadAuditKey>,
  llmModel: string | undefined,
): Promise<Stop> {
  const worker = await startLoanWorker({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    rabbitmqUrl: config.RABBITMQ_URL,
    ...(config.BROKER_NAMESPACE ? { namespace: config.BROKER_NAMESPACE } : {}),
    auditKey,
    outside: defaultOutsideSystems(config.OUTSIDE_SEED),
    reviewTimeoutMs: config.REVIEW_TIMEOUT_MS,
    llmEnv: { LLM_PROVIDER: config.LLM_PROVIDER, LLM_MODEL: llmModel },
    modelLatencyMs: config.LLM_SIMULATED_LATENCY_MS,
    observer: orchestrationObserver(metrics),
    messagingMetrics: metrics,
    watchRelay: (relay) => metrics.trackOutboxLag(relay, config.DATABASE_SCHEMA),
  });
  // In `all`, the API serves the same registry on PORT; a worker alone serves it here.
  const server =
    config.ROLE === 'worker'
      ? await startMetricsServer({ port: config.METRICS_PORT, host: METRICS_HOST, registry: metrics.registry })
      : null;
  process.stdout.write(server ? `loan worker ready (metrics on :${server.port})\n` : 'loan worker ready\n');
  return async () => {
    await worker.stop();
    await server?.close();
  };
}

async function startRelay(config: LoanEnv, metrics: BatonMetrics): Promise<Stop> {
  const relay = await startLoanRelay({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    rabbitmqUrl: config.RABBITMQ_URL,
    ...(config.BROKER_NAMESPACE ? { namespace: config.BROKER_NAMESPACE } : {}),
    watchRelay: (outbox) => metrics.trackOutboxLag(outbox, config.DATABASE_SCHEMA),
  });
  const server = await startMetricsServer({
    port: config.METRICS_PORT,
    host: METRICS_HOST,
    registry: metrics.registry,
  });
  process.stdout.write(`loan relay ready (metrics on :${server.port})\n`);
  return async () => {
    await relay.stop();
    await server.close();
  };
}

void runMain(main);
