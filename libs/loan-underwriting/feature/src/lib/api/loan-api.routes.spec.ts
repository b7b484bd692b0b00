import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ROUTE_ROLES } from '@baton/http';
import { ApplicationsController } from './applications.controller';
import { LOAN_API_ROUTES } from './loan-api.routes';

/** Every route the controller serves, as OpenAPI writes it: method, path with `{param}`, roles. */
function controllerRoutes(): Array<{ method: string; path: string; roles: readonly string[] }> {
  const base = String(Reflect.getMetadata(PATH_METADATA, ApplicationsController));
  const prototype = ApplicationsController.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor' && Reflect.hasMetadata(PATH_METADATA, prototype[name] as object))
    .map((name) => {
      const handler = prototype[name] as object;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
      const path = `/${[base, sub].filter((part) => part && part !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]?.toLowerCase() ?? 'unknown';
      return { method, path, roles: (Reflect.getMetadata(ROUTE_ROLES, handler) as string[] | undefined) ?? [] };
    });
}

describe('the loan API document', () => {
  it('lists exactly the routes the controller serves, with the same roles', () => {
    const documented = LOAN_API_ROUTES.filter((route) => route.path.startsWith('/v1/')).map((route) => ({
      method: route.method,
      path: route.path,
      roles: route.roles ?? [],
    }));
    const byKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
    expect(documented.map(byKey).sort()).toEqual(controllerRoutes().map(byKey).sort());
    for (const route of controllerRoutes())
      expect({ route: byKey(route), roles: [...route.roles].sort() }).toEqual({
        route: byKey(route),
        roles: [...(documented.find((doc) => byKey(doc) === byKey(route))?.roles ?? [])].sort(),
      });
  });
});
