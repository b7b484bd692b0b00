import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AccessLog } from '@baton/state-store';
import { ACCESS_LOGGED, HTTP_ACCESS_LOG, type AccessLoggedRoute } from '../access/access-logged';
import { recordRefusedAccess, type AccessRequest } from '../access/with-access-log';
import { ProblemException } from '../problems/problem.exception';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';
import type { RequestWithPrincipal } from './principal';
import { TokenService, unauthorized } from './token.service';

const BEARER = /^bearer +([A-Za-z0-9\-_.~+/]+=*)$/i;

/**
 * Admits a request with a valid `Authorization: Bearer <token>` and puts its principal on
 * `request.principal`; 401 (with `WWW-Authenticate: Bearer`) without one or with a bad one; 403
 * when the route's `@Roles` do not include the token's role, recorded in the access log first when
 * the route is `@AccessLogged`. `@Public` routes pass untouched.
 * Message handlers of a hybrid app (non-HTTP contexts) are not its concern.
 *
 * @example providers: [{ provide: TokenService, useValue: tokens }, { provide: APP_GUARD, useClass: BearerAuthGuard }]
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
    @Optional() @Inject(HTTP_ACCESS_LOG) private readonly accessLog: AccessLog | null = null,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<RequestWithPrincipal & AccessRequest & { params?: Record<string, string | undefined> }>();
    const header = request.headers['authorization'];
    if (typeof header !== 'string' || header === '')
      throw unauthorized('this route needs an Authorization: Bearer token', 'missing');
    const token = BEARER.exec(header)?.[1];
    if (!token) throw unauthorized('the Authorization header is not of the form "Bearer <token>"');
    const principal = await this.tokens.verify(token);
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(ROUTE_ROLES, targets);
    if (roles && roles.length > 0 && !roles.includes(principal.role)) {
      const logged = this.reflector.get<AccessLoggedRoute | undefined>(ACCESS_LOGGED, context.getHandler());
      if (logged && this.accessLog) {
        const recordId = logged.recordParam ? request.params?.[logged.recordParam] : undefined;
        const base = { principal, request, action: logged.action, view: logged.view };
        await recordRefusedAccess(
          this.accessLog,
          recordId !== undefined ? { ...base, recordId } : { ...base, listed: () => [] },
          '403 Forbidden',
        );
      }
      throw new ProblemException({
        status: 403,
        title: 'Forbidden',
        detail: `this route needs the role ${roles.join(' or ')}; the token has the role ${principal.role}`,
        extensions: { requiredRoles: roles },
      });
    }
    return true;
  }
}
