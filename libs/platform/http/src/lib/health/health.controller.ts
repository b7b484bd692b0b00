import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../problems/problem.exception';
import type { ReadinessCheck } from './readiness-check';
import { ReadinessReport, runReadinessChecks } from './run-readiness-checks';

/** Injection token of the checks `GET /health` runs. */
export const READINESS_CHECKS = Symbol.for('baton.http.readiness-checks');

/** How long one check may take before it counts as down. */
export const READINESS_TIMEOUT_MS = 2_000;

/**
 * `GET /health`: ready to serve (every check up) or a 503 problem naming the checks that are
 * down; `GET /health/live`: the process answers. Both public and never rate limited, so probes
 * need no token. Reasons stay in the log; the body names checks only.
 */
@Controller('health')
@Public()
@SkipThrottle()
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(@Inject(READINESS_CHECKS) private readonly checks: readonly ReadinessCheck[]) {}

  @Get()
  async ready(): Promise<{ status: 'ok'; checks: ReadinessReport }> {
    const { report, failures } = await runReadinessChecks(this.checks, READINESS_TIMEOUT_MS);
    if (failures.length === 0) return { status: 'ok', checks: report };
    for (const failure of failures)
      this.logger.warn(
        `readiness check ${failure.name} failed: ${failure.reason instanceof Error ? failure.reason.message : String(failure.reason)}`,
      );
    throw new ProblemException({
      status: 503,
      title: 'Service Unavailable',
      detail: `not ready: ${failures.map((failure) => failure.name).join(', ')} down`,
      extensions: { checks: report },
    });
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
