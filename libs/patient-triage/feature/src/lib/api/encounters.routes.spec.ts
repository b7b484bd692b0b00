import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod, type Type } from '@nestjs/common';
import { buildOpenApiDocument, ROUTE_ROLES } from '@baton/http';
import { BoardController } from './board.controller';
import { EncountersController } from './encounters.controller';
import { TRIAGE_API_ROUTES } from './encounters.routes';

/** Every route a controller serves, as OpenAPI writes it: `get /v1/encounters/{id} auditor,clinician,…`. */
function served(controller: Type): string[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller));
  const prototype = controller.prototype as Record<string, object>;
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor' && Reflect.hasMetadata(PATH_METADATA, prototype[name] as object))
    .map((name) => {
      const handler = prototype[name] as object;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
      const path = `/${[base, sub].filter((part) => part && part !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]?.toLowerCase();
      const roles = (Reflect.getMetadata(ROUTE_ROLES, handler) as string[] | undefined) ?? [];
      return `${method} ${path} ${[...roles].sort().join(',')}`;
    });
}

describe('the triage API document', () => {
  it('lists exactly the routes the controllers serve, with the same roles', () => {
    const documented = TRIAGE_API_ROUTES.map(
      (route) => `${route.method} ${route.path} ${[...(route.roles ?? [])].sort().join(',')}`,
    );
    expect(documented.sort()).toEqual([...served(EncountersController), ...served(BoardController)].sort());
  });

  it('documents the patient block of both views, the board and the audit trail', () => {
    const document = JSON.stringify(buildOpenApiDocument({ title: 'triage', version: '1' }, TRIAGE_API_ROUTES));
    for (const expected of ['"identified"', '"pseudonymous"', 'waitingSeconds', 'firstProblem', '/v1/board'])
      expect(document).toContain(expected);
  });
});
