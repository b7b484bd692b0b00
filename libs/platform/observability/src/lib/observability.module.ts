import { DynamicModule, MiddlewareConsumer, Module, NestModule, Provider, RequestMethod, Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { BatonMetrics } from './metrics/baton-metrics';
import { MetricsController } from './http/metrics.controller';
import { KPI_ENDPOINT_OPTIONS, KpiController, KpiEndpointOptions } from './http/kpi.controller';
import { HttpTracingMiddleware } from './http/http-tracing.middleware';
import { batonLoggerParams } from './logging/logger-params';
import type { BatonLoggerOptions } from './logging/create-logger';

export interface ObservabilityModuleOptions {
  /** The process's metrics, served at `GET /metrics` and injectable as `BatonMetrics`. */
  readonly metrics: BatonMetrics;
  /** Serve `GET /kpi` from this event store. */
  readonly kpi?: KpiEndpointOptions;
  /** Install nestjs-pino with Baton's redaction and trace ids as the app's logger. */
  readonly logger?: BatonLoggerOptions;
}

/**
 * Observability for an HTTP app: `GET /metrics`, optionally `GET /kpi`, a SERVER span per
 * request continuing the caller's trace, and nestjs-pino logs. Global, so `BatonMetrics` is
 * injectable anywhere. Call `setupTracing` in `main` before creating the app.
 *
 * @example
 * ObservabilityModule.forRoot({
 *   metrics: new BatonMetrics({ processMetrics: true }),
 *   kpi: { source: dataSource, infraCostPerStepUsd: 0.0004 },
 *   logger: { service: 'loan-api', level: config.LOG_LEVEL },
 * });
 */
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(options: ObservabilityModuleOptions): DynamicModule {
    const controllers: Type[] = [MetricsController];
    const providers: Provider[] = [{ provide: BatonMetrics, useValue: options.metrics }];
    if (options.kpi) {
      controllers.push(KpiController);
      providers.push({ provide: KPI_ENDPOINT_OPTIONS, useValue: options.kpi });
    }
    return {
      module: ObservabilityModule,
      global: true,
      imports: options.logger ? [LoggerModule.forRoot(batonLoggerParams(options.logger))] : [],
      controllers,
      providers,
      exports: [BatonMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpTracingMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
