// The loan underwriting app: one image, roles by ROLE. `worker` (and `all`) run the orchestrator,
// the agents, timers and the outbox relay, with Prometheus metrics on METRICS_PORT. The HTTP
// API role arrives with issue 11.
import 'reflect-metadata';
import { assertReachable, ConfigError, loadConfig, postgresDependency, rabbitmqDependency, runMain } from '@baton/config';
import { defaultOutsideSystems, startLoanWorker } from '@baton/loan-underwriting-feature';
import { BatonMetrics, orchestrationObserver, startMetricsServer } from '@baton/observability';
import { loadAuditKey } from '@baton/state-store';
import { loanEnvSchema } from './loan-config';

async function main(): Promise<void> {
  const config = loadConfig(loanEnvSchema);
  if (config.ROLE === 'api') throw new ConfigError('INVALID_CONFIGURATION', 'ROLE=api is not available yet (the HTTP API is issue 11); run ROLE=worker');
  await assertReachable([postgresDependency(config.DATABASE_URL), rabbitmqDependency(config.RABBITMQ_URL)]);
  const metrics = new BatonMetrics();
  const worker = await startLoanWorker({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    rabbitmqUrl: config.RABBITMQ_URL,
    ...(config.BROKER_NAMESPACE ? { namespace: config.BROKER_NAMESPACE } : {}),
    auditKey: loadAuditKey(process.env),
    outside: defaultOutsideSystems(config.OUTSIDE_SEED),
    reviewTimeoutMs: config.REVIEW_TIMEOUT_MS,
    llmEnv: { LLM_PROVIDER: config.LLM_PROVIDER, LLM_MODEL: process.env['LLM_MODEL'] },
    observer: orchestrationObserver(metrics),
    messagingMetrics: metrics,
    watchRelay: (relay) => metrics.trackOutboxLag(relay, config.DATABASE_SCHEMA),
  });
  const server = await startMetricsServer({ port: config.METRICS_PORT, registry: metrics.registry });
  process.stdout.write(`loan worker ready (metrics on :${server.port})\n`);
  const shutdown = async () => {
    await worker.stop();
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

void runMain(main);
