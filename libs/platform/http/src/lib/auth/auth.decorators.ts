import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal, RequestWithPrincipal } from './principal';

/** Metadata keys read by `BearerAuthGuard`. */
export const PUBLIC_ROUTE = 'baton:http:public';
export const ROUTE_ROLES = 'baton:http:roles';

/**
 * The route (or every route of the controller) needs no bearer token.
 *
 * @example @Public() @Get('ping') ping() { return 'pong'; }
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Only tokens with one of these roles may call the route; others get a 403 problem naming them.
 * A method's `@Roles` overrides its controller's.
 *
 * @example @Roles('underwriter') @Post(':id/review') review() { ... }
 */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ROLES, roles);

/**
 * The caller's {@link Principal} (undefined on a `@Public` route).
 *
 * @example @Get() list(@CurrentPrincipal() principal: Principal) { return this.service.list(principal.tenant); }
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => {
    return context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  },
);
