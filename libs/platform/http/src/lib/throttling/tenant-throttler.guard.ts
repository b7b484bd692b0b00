import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { RequestWithPrincipal } from '../auth/principal';

/**
 * Rate limits per tenant: one budget per tenant across every throttled route (not per route), so
 * a tenant cannot multiply its share by spreading calls. Public routes count per client IP.
 * Runs after `BearerAuthGuard`, which puts the principal on the request. Over the limit: 429
 * problem with `Retry-After` in seconds. Routes marked `@SkipThrottle()` (health, metrics) and
 * non-HTTP contexts are not counted.
 *
 * Counters live in this process's memory: N API processes admit up to N times the limit.
 *
 * @example providers: [{ provide: APP_GUARD, useClass: BearerAuthGuard }, { provide: APP_GUARD, useClass: TenantThrottlerGuard }]
 */
@Injectable()
export class TenantThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }

  protected override async getTracker(request: RequestWithPrincipal & { ip?: string }): Promise<string> {
    return request.principal ? `tenant:${request.principal.tenant}` : `ip:${request.ip ?? 'unknown'}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
