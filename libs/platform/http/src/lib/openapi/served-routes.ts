import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_ROUTE, ROUTE_ROLES } from '../auth/auth.decorators';

/** One route a controller serves, written as OpenAPI writes it: `get /v1/encounters/{id}`, roles sorted (none when public). */
export interface ServedRoute {
  readonly method: string;
  readonly path: string;
  readonly roles: readonly string[];
}

/**
 * Every route the controllers serve, read from Nest's own metadata, so a test can hold a
 * vertical's documented route list (`ApiRoute[]`, with roles) equal to what it really serves.
 *
 * @example expect(servedRoutes([EncountersController]).map(routeKey)).toEqual(TRIAGE_API_ROUTES.map(routeKey));
 */
export function servedRoutes(controllers: readonly Type[]): ServedRoute[] {
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const classRoles = (Reflect.getMetadata(ROUTE_ROLES, controller) as string[] | undefined) ?? [];
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((key) => {
      const handler = prototype[key];
      if (key === 'constructor' || typeof handler !== 'function') return [];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (method === undefined || sub === undefined) return [];
      const path = `/${[base, sub].filter((part) => part && part !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
      // A public route admits anyone: it names no roles, whatever its class says.
      const roles = Reflect.getMetadata(PUBLIC_ROUTE, handler)
        ? []
        : ((Reflect.getMetadata(ROUTE_ROLES, handler) as string[] | undefined) ?? classRoles);
      return [{ method: RequestMethod[method].toLowerCase(), path, roles: [...roles].sort() }];
    });
  });
}

/** A route as one comparable line: `get /v1/board clinician,triage-nurse`. */
export const routeKey = (route: { method: string; path: string; roles?: readonly string[] }): string =>
  `${route.method.toLowerCase()} ${route.path} ${[...(route.roles ?? [])].sort().join(',')}`;
