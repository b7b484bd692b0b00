import { SetMetadata } from '@nestjs/common';

/** Metadata key read by `BearerAuthGuard`: the route's accesses go to the access log, its 403s too. */
export const ACCESS_LOGGED = 'baton:http:access-logged';

/** The injection token of the `AccessLog` the guard records its refusals in (`HttpPlatformOptions.accessLog`). */
export const HTTP_ACCESS_LOG = Symbol('baton.http.access-log');

/** What a refused call of the route touched: the view, read or write, and the path parameter naming the record. */
export interface AccessLoggedRoute {
  readonly view: string;
  readonly action?: 'read' | 'write';
  /** The path parameter holding the record's id (`id` in `/v1/encounters/:id`); none for a list. */
  readonly recordParam?: string;
}

/**
 * Marks a route whose accesses are logged (the handler wraps its work in `withAccessLog`), so a
 * caller the guard refuses for their role (403) is logged as refused too, before the route runs.
 * A caller with no valid token (401) names no one and is not logged.
 *
 * @example @Get(':id') @Roles('clinician') @AccessLogged({ view: 'encounter', recordParam: 'id' }) get(...) { ... }
 */
export const AccessLogged = (route: AccessLoggedRoute): MethodDecorator => SetMetadata(ACCESS_LOGGED, route);
