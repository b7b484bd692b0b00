import type { INestApplication } from '@nestjs/common';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * Serves the document with swagger-ui (its assets come from the installed `swagger-ui-dist`, so
 * it works offline): the UI at `/<path>`, the JSON at `/<path>/openapi.json`. Both are
 * registered on the HTTP adapter itself, outside Nest's guards: no token, no rate limit.
 * Call before `app.listen()`.
 *
 * @example serveOpenApi(app, buildOpenApiDocument({ title: 'Loan API', version: '1' }, loanRoutes));
 */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject, path = 'docs'): void {
  const base = path.replace(/^\/+|\/+$/g, '');
  SwaggerModule.setup(base, app, document, {
    jsonDocumentUrl: `${base}/openapi.json`,
    raw: ['json'],
    customSiteTitle: document.info.title,
    // No request to swagger.io's online validator: the UI must work offline.
    swaggerOptions: { validatorUrl: null },
  });
}
