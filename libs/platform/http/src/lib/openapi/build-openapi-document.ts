import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem-document';
import { JsonSchema, SchemaComponents } from './schema-components';

/** One route of an API, described for its OpenAPI document. */
export interface ApiRoute {
  readonly method: 'get' | 'post';
  /** OpenAPI style: `/v1/applications/{id}`; each `{name}` becomes a required path parameter. */
  readonly path: string;
  readonly summary: string;
  /** Roles admitted (`@Roles`); shown in the description and as `x-baton-roles`. */
  readonly roles?: readonly string[];
  /** No bearer token needed (`@Public`). */
  readonly public?: boolean;
  readonly headers?: ReadonlyArray<{ name: string; required: boolean; description: string }>;
  /** The JSON request body's schema (its input side). */
  readonly body?: z.ZodType;
  /** By status; a 4xx or 5xx is always a problem document, whatever `schema` says. */
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType }>>;
}

const FieldProblemSchema = z.object({ field: z.string(), rule: z.string(), message: z.string() });
const ProblemSchema = z.looseObject({
  type: z.string().describe('A URI naming the problem type; about:blank when the status says it all'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional().describe('The request path'),
  errors: z.array(FieldProblemSchema).optional().describe('One entry per invalid field'),
});

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/**
 * An OpenAPI 3.1 document for routes described with zod schemas (JSON Schema from
 * `z.toJSONSchema`, so the document cannot drift from the validation). Routes that are not
 * public get the bearer security scheme and 401 and 429 responses, plus 403 when they name roles;
 * a route with a body gets a 400. Every 4xx/5xx response is the shared `Problem` schema as
 * `application/problem+json`.
 *
 * @example
 * const document = buildOpenApiDocument({ title: 'Loan API', version: '1' }, [
 *   { method: 'get', path: '/v1/applications/{id}', summary: 'An application', roles: ['underwriter'],
 *     responses: { 200: { description: 'The application', schema: ApplicationView }, 404: { description: 'Unknown id' } } },
 * ]);
 */
export function buildOpenApiDocument(
  info: { title: string; version: string; description?: string },
  routes: readonly ApiRoute[],
): OpenAPIObject {
  const components = new SchemaComponents();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operationId = operationName(route);
    const parameters = [
      ...pathParameters(route.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(route.headers ?? []).map((header) => ({
        name: header.name,
        in: 'header',
        required: header.required,
        description: header.description,
        schema: { type: 'string' },
      })),
    ];
    const pathItem = (paths[route.path] ??= {});
    pathItem[route.method] = {
      operationId,
      summary: route.summary,
      ...(route.roles?.length
        ? { description: `Roles: ${route.roles.join(', ')}.`, 'x-baton-roles': [...route.roles] }
        : {}),
      security: route.public ? [] : [{ bearer: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: components.add(route.body, 'input', `${operationId}Request`) } },
            },
          }
        : {}),
      responses: responses(route, components, operationId),
    };
  }
  const document = {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: problemSchema(), ...components.schemas },
    },
  };
  // JSON Schema 2020-12 (type arrays, const) is wider than @nestjs/swagger's OpenAPI 3.0 types.
  return document as unknown as OpenAPIObject;
}

function responses(route: ApiRoute, components: SchemaComponents, operationId: string): Record<string, unknown> {
  const declared: Record<number, { readonly description: string; readonly schema?: z.ZodType }> = {
    ...route.responses,
  };
  if (route.body) declared[400] ??= { description: 'The body is malformed or names invalid fields (see errors)' };
  if (!route.public) {
    declared[401] ??= { description: 'Missing, expired or invalid bearer token' };
    if (route.roles?.length)
      declared[403] ??= { description: `The token's role is not one of: ${route.roles.join(', ')}` };
    declared[429] ??= { description: "Over the tenant's rate limit" };
  }
  return Object.fromEntries(
    Object.entries(declared).map(([status, response]) => {
      const code = Number(status);
      if (code >= 400)
        return [
          status,
          {
            description: response.description,
            ...problemHeaders(code),
            content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF } },
          },
        ];
      if (!response.schema) return [status, { description: response.description }];
      return [
        status,
        {
          description: response.description,
          content: {
            'application/json': {
              schema: components.add(response.schema, 'output', `${operationId}Response${status}`),
            },
          },
        },
      ];
    }),
  );
}

function problemHeaders(status: number): Record<string, unknown> {
  if (status === 401)
    return {
      headers: { 'WWW-Authenticate': { description: 'Bearer challenge (RFC 6750)', schema: { type: 'string' } } },
    };
  if (status === 429)
    return {
      headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } },
    };
  return {};
}

function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
}

/** `post /v1/applications/{id}/review` → `postV1ApplicationsIdReview`. */
function operationName(route: ApiRoute): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return route.method + words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
}

function problemSchema(): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(ProblemSchema, { io: 'output' }) as JsonSchema;
  return schema;
}
