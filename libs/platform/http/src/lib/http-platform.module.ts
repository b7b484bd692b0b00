import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AccessLog } from '@baton/state-store';
import { HTTP_ACCESS_LOG } from './access/access-logged';
import { BearerAuthGuard } from './auth/bearer-auth.guard';
import { TokenService } from './auth/token.service';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { TenantThrottlerGuard } from './throttling/tenant-throttler.guard';

/** What {@link HttpPlatformModule} needs from the composition root. */
export interface HttpPlatformOptions {
  /** Verifies bearer tokens; build it with the key from `SigningKeyStore` or `AUTH_SIGNING_KEY`. */
  readonly tokens: TokenService;
  /** Requests per tenant (per client IP on public routes) per window, in this process. */
  readonly rateLimit: { readonly limit: number; readonly ttlMs: number };
  /** Where the guard records a 403 on an `@AccessLogged` route; without it, those refusals are not logged. */
  readonly accessLog?: AccessLog;
}

/**
 * Bearer-token auth, per-tenant rate limits and problem documents for every route of the app:
 * registers `TokenService`, then the global guards in order, `BearerAuthGuard` (so the
 * throttler sees the principal) and `TenantThrottlerGuard`, and `ProblemDetailsFilter`.
 * Mark open routes `@Public()`, role-bound ones `@Roles(...)`, and unthrottled ones
 * `@SkipThrottle()` (the `HealthModule`'s are both).
 *
 * @example
 * @Module({ imports: [HttpPlatformModule.forRoot({ tokens, rateLimit: { limit: 100, ttlMs: 60_000 } })], controllers: [ApplicationsController] })
 * class ApiModule {}
 */
@Module({})
export class HttpPlatformModule {
  static forRoot(options: HttpPlatformOptions): DynamicModule {
    return {
      module: HttpPlatformModule,
      imports: [
        ThrottlerModule.forRoot({ throttlers: [{ limit: options.rateLimit.limit, ttl: options.rateLimit.ttlMs }] }),
      ],
      providers: [
        { provide: TokenService, useValue: options.tokens },
        { provide: HTTP_ACCESS_LOG, useValue: options.accessLog ?? null },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
        { provide: APP_GUARD, useClass: TenantThrottlerGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [TokenService],
    };
  }
}
