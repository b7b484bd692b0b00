import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import {
  buildOpenApiDocument,
  configureHttpApp,
  HealthModule,
  HttpPlatformModule,
  postgresReadiness,
  Public,
  rabbitmqReadiness,
  serveOpenApi,
  SigningKeyStore,
  SkipThrottle,
  TokenService,
} from '@baton/http';
import { RabbitOutboxPublisher } from '@baton/messaging';
import {
  BatonMetrics,
  KpiController,
  MetricsController,
  ObservabilityModule,
  trailingKpis,
} from '@baton/observability';
import { EngineClock, PostgresRunStore, systemClock, WorkflowEngine } from '@baton/orchestration';
import { AccessLog, AuditKey, OutboxDispatcher, PostgresEventStore } from '@baton/state-store';
import type { Vertical } from '../definition/define-vertical';
import { RuntimeError } from '../errors';
import type { ApiContext, VerticalConfig } from '../definition/vertical-definition';
import { engineRunClient, RunClient } from '../client/run-client';
import { openBroker, openVerticalStore, VERTICAL_CONFIG, verticalEventStore } from './process-resources';

/** What a test or an embedding process may choose for an API. */
export interface ApiOptions {
  /** Served at `/metrics`; a fresh registry by default. */
  readonly metrics?: BatonMetrics;
  /** Default `0.0.0.0` (containers); tests bind loopback. */
  readonly host?: string;
  readonly clock?: EngineClock;
}

/** A running API. */
export interface RunningApi {
  readonly app: INestApplication;
  /** `http://host:port`. */
  readonly url: string;
  readonly dataSource: DataSource;
  readonly tokens: TokenService;
  readonly runs: RunClient;
  /** Stops taking requests, finishes those in flight, then closes. */
  stop(): Promise<void>;
}

/**
 * The `api` role: migrations at start-up, the signing key (generated and stored on the first start
 * unless `AUTH_SIGNING_KEY` is set), bearer auth with roles, per-tenant rate limits, problem
 * documents, `/docs`, `/health`, `/metrics` and `/kpi`, around the vertical's controllers. It
 * starts, signals and reads runs through a {@link RunClient}; workers do the rest.
 *
 * @example const api = await startApiRole(loanVertical, config, auditKey);
 */
export async function startApiRole(
  vertical: Vertical,
  config: VerticalConfig,
  auditKey: AuditKey,
  options: ApiOptions = {},
): Promise<RunningApi> {
  const api = vertical.definition.api;
  if (!api) throw new RuntimeError('INVALID_VERTICAL', `vertical ${vertical.name} has no API to serve (ROLE=api)`);
  const dataSource = await openVerticalStore(vertical, config, 20);
  try {
    const secrets = new SigningKeyStore(dataSource);
    const tokens = new TokenService(config.AUTH_SIGNING_KEY ?? (await secrets.getOrCreate()));
    const broker = await openBroker(config.RABBITMQ_URL, `baton:${vertical.name}:api`);
    const clock = options.clock ?? systemClock;
    const model = vertical.modelOf(config);
    const workflows = vertical.workflows({ config, model });
    const events = verticalEventStore(vertical, dataSource, auditKey);
    // No policy or model port: starting stops before the first such step and leaves it to a worker.
    const engine = new WorkflowEngine({
      // Published right after the commit; a relay catches anything this process dies holding.
      runs: new PostgresRunStore(
        dataSource,
        events,
        new OutboxDispatcher(dataSource, new RabbitOutboxPublisher(broker.publisher)),
      ),
      workflows,
      topology: vertical.topology(config.BROKER_NAMESPACE),
      clock,
    });
    const runs = engineRunClient(engine);
    // Its own store, without the personal-data cipher: access events hold ids, never a record's content.
    const metrics = options.metrics ?? new BatonMetrics();
    // Every access it could not log (each a 503) is counted by view: `baton_access_log_failures_total`.
    const accessLog = new AccessLog(new PostgresEventStore(dataSource, auditKey), {
      clock: () => clock.now(),
      metrics,
    });
    const context: ApiContext<VerticalConfig> = {
      config,
      model,
      dataSource,
      runs,
      events,
      accessLog,
      auditKey,
      clock,
      secret: (name) => secrets.getOrCreate(name),
    };
    const providers = [
      { provide: VERTICAL_CONFIG, useValue: config },
      { provide: AccessLog, useValue: accessLog },
      ...((await api.providers?.(context)) ?? []),
    ];

    const kpi = {
      source: dataSource,
      schema: config.DATABASE_SCHEMA,
      infraCostPerStepUsd: config.KPI_INFRA_COST_PER_STEP_USD,
      definitions: vertical.definition.kpis ? { [vertical.name]: vertical.definition.kpis } : {},
    };
    // `GET /kpi` answers any window; `/metrics` carries the trailing one for dashboards and alerts.
    metrics.trackKpis(trailingKpis(kpi));

    // Operational endpoints are scraped by Prometheus and dashboards: no token, no throttle.
    for (const controller of [MetricsController, KpiController]) {
      Public()(controller);
      SkipThrottle()(controller);
    }

    @Module({
      imports: [
        HttpPlatformModule.forRoot({
          tokens,
          rateLimit: { limit: config.RATE_LIMIT, ttlMs: config.RATE_LIMIT_WINDOW_MS },
          accessLog,
        }),
        HealthModule.forRoot([postgresReadiness(dataSource), rabbitmqReadiness(broker.connection)]),
        ObservabilityModule.forRoot({ metrics, kpi }),
      ],
      controllers: [...api.controllers],
      providers,
    })
    class VerticalApiModule {}

    const app = await NestFactory.create<NestExpressApplication>(VerticalApiModule, {
      bodyParser: false,
      logger: ['error', 'warn'],
    });
    configureHttpApp(app, { bodyLimit: api.bodyLimit ?? '64kb' });
    serveOpenApi(app, buildOpenApiDocument(api.openapi, api.routes));
    const host = options.host ?? '0.0.0.0';
    await app.listen(config.PORT, host);
    const address = app.getHttpServer().address() as { port: number };
    return {
      app,
      url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
      dataSource,
      tokens,
      runs,
      async stop() {
        await app.close();
        await broker.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
