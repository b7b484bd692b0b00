import { z } from 'zod';
import { ApiRoute, buildOpenApiDocument } from './build-openapi-document';

const Submission = z.strictObject({
  applicant: z.strictObject({ email: z.email() }),
  amount: z.number().int().positive(),
});
const Accepted = z.strictObject({ applicationId: z.string(), status: z.enum(['received', 'approved']) });
const Reason = z.object({ code: z.string() }).meta({ id: 'Reason' });
const Decision = z.object({ reasons: z.array(Reason) });
const Node: z.ZodType<{ children: unknown[] }> = z.object({ children: z.array(z.lazy(() => Node)) });

const routes: ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/applications',
    summary: 'Submit an application',
    roles: ['intake'],
    headers: [{ name: 'Idempotency-Key', required: true, description: 'One per submission' }],
    body: Submission,
    responses: { 202: { description: 'Accepted', schema: Accepted }, 409: { description: 'Key reused' } },
  },
  {
    method: 'get',
    path: '/v1/applications/{id}/decisions/{decisionId}',
    summary: 'A decision',
    roles: ['underwriter', 'auditor'],
    responses: {
      200: { description: 'The decision', schema: Decision },
      404: { description: 'Unknown', schema: Accepted },
    },
  },
  {
    method: 'get',
    path: '/health',
    summary: 'Readiness',
    public: true,
    responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } },
  },
  { method: 'get', path: '/v1/tree', summary: 'A tree', responses: { 200: { description: 'The tree', schema: Node } } },
];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads a loose JSON document

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument(
    { title: 'Loan API', version: '1', description: 'Loans' },
    routes,
  ) as unknown as Json;

  it('is OpenAPI 3.1.0 with the info and every path and method', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({ title: 'Loan API', version: '1', description: 'Loans' });
    expect(Object.keys(document.paths)).toEqual([
      '/v1/applications',
      '/v1/applications/{id}/decisions/{decisionId}',
      '/health',
      '/v1/tree',
    ]);
    expect(document.paths['/v1/applications'].post).toMatchObject({
      operationId: 'postV1Applications',
      summary: 'Submit an application',
    });
  });

  it('puts non-public routes behind the bearer scheme and leaves public ones open', () => {
    expect(document.components.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
    expect(document.paths['/v1/applications'].post.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/health'].get.security).toEqual([]);
    expect(document.paths['/v1/applications'].post['x-baton-roles']).toEqual(['intake']);
  });

  it('answers every 4xx and 5xx with the shared Problem schema as application/problem+json, adding 400/401/403/429', () => {
    const post = document.paths['/v1/applications'].post.responses;
    expect(Object.keys(post).sort()).toEqual(['202', '400', '401', '403', '409', '429']);
    const get = document.paths['/v1/applications/{id}/decisions/{decisionId}'].get.responses;
    for (const responses of [post, get, document.paths['/health'].get.responses]) {
      for (const [status, response] of Object.entries<Json>(responses)) {
        if (Number(status) >= 400)
          expect(response.content).toEqual({
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          });
      }
    }
    expect(Object.keys(document.paths['/health'].get.responses).sort()).toEqual(['200', '503']);
    expect(post['429'].headers['Retry-After']).toBeDefined();
    expect(document.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: ['type', 'title', 'status'],
      properties: { errors: { type: 'array' } },
    });
  });

  it('describes bodies and responses with the zod JSON schemas', () => {
    const post = document.paths['/v1/applications'].post;
    expect(post.requestBody).toMatchObject({
      required: true,
      content: {
        'application/json': {
          schema: { type: 'object', additionalProperties: false, required: ['applicant', 'amount'] },
        },
      },
    });
    expect(post.requestBody.content['application/json'].schema.properties.applicant.properties.email).toMatchObject({
      type: 'string',
      format: 'email',
    });
    expect(post.requestBody.content['application/json'].schema.$schema).toBeUndefined();
    expect(post.responses['202'].content['application/json'].schema.properties.status).toEqual({
      type: 'string',
      enum: ['received', 'approved'],
    });
    expect(document.paths['/health'].get.responses['200'].content).toBeUndefined();
  });

  it('infers path parameters from {name} and adds declared headers', () => {
    expect(document.paths['/v1/applications/{id}/decisions/{decisionId}'].get.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'decisionId', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    expect(document.paths['/v1/applications'].post.parameters).toEqual([
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        description: 'One per submission',
        schema: { type: 'string' },
      },
    ]);
  });

  it('moves schemas with an id, and recursive ones, to components so every $ref resolves in the document', () => {
    const decision =
      document.paths['/v1/applications/{id}/decisions/{decisionId}'].get.responses['200'].content['application/json']
        .schema;
    expect(decision.properties.reasons.items).toEqual({ $ref: '#/components/schemas/Reason' });
    expect(document.components.schemas.Reason).toMatchObject({ type: 'object' });
    const tree = document.paths['/v1/tree'].get.responses['200'].content['application/json'].schema;
    expect(tree).toEqual({ $ref: '#/components/schemas/getV1TreeResponse200' });
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] as string);
    for (const ref of refs) expect(document.components.schemas[ref.replace('#/components/schemas/', '')]).toBeDefined();
  });
});
