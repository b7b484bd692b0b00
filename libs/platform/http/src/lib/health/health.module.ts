import { DynamicModule, Module } from '@nestjs/common';
import { HealthController, READINESS_CHECKS } from './health.controller';
import type { ReadinessCheck } from './readiness-check';

/**
 * `GET /health` (readiness: 200 `{ status: 'ok', checks: { postgres: 'up', ... } }` or a 503
 * problem listing what is down, each check bounded by 2 s) and `GET /health/live` (always 200).
 *
 * @example
 * @Module({ imports: [HealthModule.forRoot([postgresReadiness(dataSource), rabbitmqReadiness(connection)])] })
 * class ApiModule {}
 */
@Module({})
export class HealthModule {
  static forRoot(checks: readonly ReadinessCheck[]): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, useValue: checks }],
    };
  }
}
