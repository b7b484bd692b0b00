import 'reflect-metadata';
import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Connection } from 'rabbitmq-client';
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
import { ConfirmedPublisher, RabbitOutboxPublisher } from '@baton/messaging';
import { BatonMetrics, KpiController, MetricsController, ObservabilityModule } from '@baton/observability';
import { EngineClock, systemClock, WorkflowEngine, WorkflowRegistry } from '@baton/orchestration';
import { AuditKey, openStateStore, OutboxDispatcher } from '@baton/state-store';
import { loanTopology } from '../worker/loan-topology';
import { loanDatabaseMigrations } from '../database/loan-database';
import { loanEventStore } from '../workflow/personal-data';
import { underwritingWorkflow, UnderwritingOptions } from '../workflow/underwriting.workflow';
import { apiRolePorts } from './api-role-ports';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { LOAN_API_ROUTES } from './loan-api.routes';

export interface LoanApiOptions {
  readonly databaseUrl: string;
  readonly schema: string;
  readonly rabbitmqUrl: string;
  /** Prefixes queue and exchange names (test isolation); none in production. */
  readonly namespace?: string;
  readonly auditKey: AuditKey;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** `AUTH_SIGNING_KEY`; without it the key generated at first start and kept in the database. */
  readonly signingKey?: string;
  /** Requests per tenant per window. */
  readonly rateLimit: { readonly limit: number; readonly ttlMs: number };
  /** The workflow's options: the same as the workers'. */
  readonly workflow: UnderwritingOptions;
  /** Served at `/metrics`; a fresh registry by default. */
  readonly metrics?: BatonMetrics;
  /** Priced into `/kpi`'s cost per transaction. */
  readonly infraCostPerStepUsd?: number;
  readonly bodyLimit?: string;
  readonly clock?: EngineClock;
}

/** A running loan API. */
export interface LoanApi {
  readonly app: INestApplication;
  /** `http://host:port`. */
  readonly url: string;
  readonly dataSource: DataSource;
  readonly tokens: TokenService;
  stop(): Promise<void>;
}

/**
 * Starts the loan HTTP API: migrations at start-up, the signing key (generated and stored on the
 * first start unless configured), bearer auth with roles, per-tenant rate limits, problem
 * documents, `/docs`, `/health`, `/metrics` and `/kpi`. It starts runs and delivers signals;
 * workers do the rest.
 *
 * @example
 * const api = await startLoanApi({ databaseUrl, schema: 'loan', rabbitmqUrl, auditKey, port: 3000, rateLimit: { limit: 100, ttlMs: 1_000 }, workflow });
 */
export async function startLoanApi(options: LoanApiOptions): Promise<LoanApi> {
  const dataSource = await openStateStore({
    url: options.databaseUrl,
    schema: options.schema,
    poolSize: 20,
    migrations: loanDatabaseMigrations,
  });
  const secrets = new SigningKeyStore(dataSource);
  const tokens = new TokenService(options.signingKey ?? (await secrets.getOrCreate()));
  const pseudonymKey = await secrets.getOrCreate('subject-pseudonym-key');
  const clock = options.clock ?? systemClock;
  const topology = loanTopology(options.namespace);
  const connection = new Connection({ url: options.rabbitmqUrl, retryLow: 100, retryHigh: 2_000 });
  connection.on('error', () => undefined);
  // Ready means ready: the API answers only once it can publish what it commits.
  await connection.onConnect(10_000);
  const publisher = new ConfirmedPublisher(connection);
  const workflows = new WorkflowRegistry().register(underwritingWorkflow(options.workflow));
  const engine = new WorkflowEngine({
    dataSource,
    events: loanEventStore(dataSource, options.auditKey),
    workflows,
    ...apiRolePorts,
    topology,
    clock,
    // Published right after the commit; a relay catches anything this process dies holding.
    dispatcher: new OutboxDispatcher(dataSource, new RabbitOutboxPublisher(publisher)),
  });
  const service = new ApplicationsService({ engine, dataSource, auditKey: options.auditKey, pseudonymKey, clock });
  const metrics = options.metrics ?? new BatonMetrics();

  // Operational endpoints are scraped by Prometheus and dashboards: no token, no throttle.
  for (const controller of [MetricsController, KpiController]) {
    Public()(controller);
    SkipThrottle()(controller);
  }

  @Module({
    imports: [
      HttpPlatformModule.forRoot({ tokens, rateLimit: options.rateLimit }),
      HealthModule.forRoot([postgresReadiness(dataSource), rabbitmqReadiness(connection)]),
      ObservabilityModule.forRoot({
        metrics,
        kpi: { source: dataSource, schema: options.schema, infraCostPerStepUsd: options.infraCostPerStepUsd ?? 0.0005 },
      }),
    ],
    controllers: [ApplicationsController],
    providers: [{ provide: ApplicationsService, useValue: service }],
  })
  class LoanApiModule {}

  const app = await NestFactory.create<NestExpressApplication>(LoanApiModule, {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  configureHttpApp(app, { bodyLimit: options.bodyLimit ?? '64kb' });
  serveOpenApi(
    app,
    buildOpenApiDocument(
      {
        title: 'Baton loan underwriting API',
        version: '1.0.0',
        description: 'Submit applications, follow their underwriting, review referrals and audit decisions.',
      },
      LOAN_API_ROUTES,
    ),
  );
  await app.listen(options.port, options.host ?? '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    dataSource,
    tokens,
    async stop() {
      await app.close();
      await publisher.close();
      await connection.close();
      await dataSource.destroy();
    },
  };
}
