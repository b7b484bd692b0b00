import 'reflect-metadata';
import { assertReachable, loadConfig, postgresDependency, rabbitmqDependency, runMain } from '@baton/config';
import { setupTracing } from '@baton/observability';
import type { Vertical } from '../definition/define-vertical';
import { exitGracefully } from './graceful-shutdown';
import { startVertical } from './start-vertical';

/**
 * The whole of a vertical app's `main.ts`: reads the configuration once (`ROLE=api|worker|relay|all`
 * and the rest, a readable error naming each bad variable), checks PostgreSQL and RabbitMQ answer,
 * sets up tracing, starts the roles with their metrics, prints each role's ready line, and stops
 * gracefully on SIGTERM and SIGINT within `SHUTDOWN_GRACE_MS`.
 *
 * @example
 * // apps/loan-underwriting/src/main.ts
 * import { runVertical } from '@baton/runtime';
 * import { loanVertical } from '@baton/loan-underwriting-feature';
 * void runVertical(loanVertical);
 */
export function runVertical(vertical: Vertical, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return runMain(async () => {
    const config = loadConfig(vertical.envSchema, env);
    await assertReachable([postgresDependency(config.DATABASE_URL), rabbitmqDependency(config.RABBITMQ_URL)]);
    // Spans are made in every role (their ids reach logs and message headers) and exported over
    // OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    const shutdownTracing = setupTracing({
      serviceName: `${vertical.definition.service ?? vertical.name}-${config.ROLE}`,
      ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    });
    const running = await startVertical(vertical, config, { onReady: (line) => process.stdout.write(`${line}\n`) });
    exitGracefully({
      name: `${vertical.name} ${config.ROLE}`,
      graceMs: config.SHUTDOWN_GRACE_MS,
      stop: async () => {
        await running.stop();
        await shutdownTracing();
      },
    });
  });
}
