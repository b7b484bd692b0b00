import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { openStateStore } from '@baton/state-store';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { CurrentPrincipal, Public, Roles } from './auth/auth.decorators';
import { httpMigrations } from './auth/http-migrations';
import type { Principal } from './auth/principal';
import { SigningKeyStore } from './auth/signing-key.store';
import { TokenService } from './auth/token.service';
import { createHttpApp } from './app/configure-http-app';
import { HealthModule } from './health/health.module';
import { postgresReadiness, ReadinessCheck } from './health/readiness-check';
import { HttpPlatformModule } from './http-platform.module';
import { buildOpenApiDocument } from './openapi/build-openapi-document';
import { serveOpenApi } from './openapi/serve-openapi';
import { ZodValidationPipe } from './validation/zod-validation.pipe';

const Submission = z.strictObject({
  applicant: z.strictObject({ name: z.string().min(1), email: z.email() }),
  amount: z.number().int().positive(),
});
type Submission = z.infer<typeof Submission>;

@Controller('v1/things')
class ThingsController {
  @Post()
  @Roles('intake')
  submit(@Body(new ZodValidationPipe(Submission)) body: Submission, @CurrentPrincipal() principal: Principal) {
    return { tenant: principal.tenant, amount: body.amount };
  }

  @Get()
  @Roles('underwriter', 'auditor')
  list(@CurrentPrincipal() principal: Principal) {
    return { subject: principal.subject, tenant: principal.tenant };
  }

  @Get('ping')
  @Public()
  ping() {
    return { pong: true };
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internals at /srv/app.js');
  }
}

describe('HTTP platform (real listening Nest app, real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let app: NestExpressApplication;
  let base: string;
  let tokens: TokenService;
  let brokerState: 'up' | 'down' | 'hanging' = 'up';
  const token = (role: string, tenant: string) => tokens.issue({ role, tenant });
  const bearer = async (role: string, tenant: string) => ({ Authorization: `Bearer ${await token(role, tenant)}` });

  beforeAll(async () => {
    db = await createIsolatedSchema('http platform');
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 2,
      migrations: [...httpMigrations],
    });
    tokens = new TokenService(await new SigningKeyStore(dataSource).getOrCreate());
    const broker: ReadinessCheck = {
      name: 'rabbitmq',
      check: () =>
        brokerState === 'up'
          ? Promise.resolve()
          : brokerState === 'down'
            ? Promise.reject(new Error('connection refused'))
            : new Promise<void>(() => undefined),
    };

    @Module({
      imports: [
        HttpPlatformModule.forRoot({ tokens, rateLimit: { limit: 5, ttlMs: 60_000 } }),
        HealthModule.forRoot([postgresReadiness(dataSource), broker]),
      ],
      controllers: [ThingsController],
    })
    class TestApiModule {}

    app = await createHttpApp(TestApiModule, { bodyLimit: '2kb', logger: false });
    serveOpenApi(
      app,
      buildOpenApiDocument({ title: 'Things API', version: '1' }, [
        {
          method: 'post',
          path: '/v1/things',
          summary: 'Submit',
          roles: ['intake'],
          body: Submission,
          responses: { 200: { description: 'Done' } },
        },
      ]),
    );
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const expectProblem = (response: request.Response, status: number, title?: string) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'about:blank', status, ...(title ? { title } : {}) });
  };

  it('answers 401 with a Bearer challenge without a token, or with a tampered one', async () => {
    const missing = await request(base).get('/v1/things');
    expectProblem(missing, 401, 'Unauthorized');
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(missing.body.instance).toBe('/v1/things');

    const good = await token('auditor', 'acme');
    const [header, , signature] = good.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'auditor', tenant: 'other', iss: 'baton', aud: 'baton-api', exp: 4102444800 })).toString('base64url')}.${signature}`;
    const tampered = await request(base).get('/v1/things').set('Authorization', `Bearer ${forged}`);
    expectProblem(tampered, 401);
    expect(tampered.body.detail).toBe('the token has an invalid signature');
    expect(tampered.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    expect(JSON.stringify(tampered.body)).not.toContain(forged);
  });

  it('answers 403 naming the required roles for the wrong role, 200 with the principal for the right one', async () => {
    const wrong = await request(base)
      .get('/v1/things')
      .set(await bearer('intake', 'roles'));
    expectProblem(wrong, 403, 'Forbidden');
    expect(wrong.body.detail).toContain('underwriter or auditor');
    expect(wrong.body.requiredRoles).toEqual(['underwriter', 'auditor']);

    const right = await request(base)
      .get('/v1/things')
      .set(await bearer('underwriter', 'roles'));
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ subject: 'underwriter@roles', tenant: 'roles' });
    expect(right.headers['x-powered-by']).toBeUndefined();
  });

  it('validates bodies: 200 when valid, 400 naming unknown and invalid fields', async () => {
    const headers = await bearer('intake', 'bodies');
    const ok = await request(base)
      .post('/v1/things')
      .set(headers)
      .send({ applicant: { name: 'Ada', email: 'ada@example.com' }, amount: 10 });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ tenant: 'bodies', amount: 10 });

    const bad = await request(base)
      .post('/v1/things')
      .set(headers)
      .send({ applicant: { name: 'Ada', email: 'nope', ssn: '1' }, amount: 10, extra: true });
    expectProblem(bad, 400, 'Invalid request');
    expect(
      bad.body.errors.map((error: { field: string; rule: string }) => `${error.field} ${error.rule}`).sort(),
    ).toEqual(['applicant.email invalid_format:email', 'applicant.ssn unrecognized_keys', 'extra unrecognized_keys']);
  });

  it('answers 400 "Malformed JSON" for broken JSON, 413 for an oversized body, 415 for text/plain', async () => {
    const headers = await bearer('intake', 'parsing');
    const broken = await request(base)
      .post('/v1/things')
      .set(headers)
      .set('Content-Type', 'application/json')
      .send('{"amount": 1,');
    expectProblem(broken, 400, 'Malformed JSON');
    expect(broken.body.errors).toEqual([expect.objectContaining({ field: '(body)', rule: 'malformed_json' })]);
    expect(broken.body.detail).not.toContain('amount');

    const large = await request(base)
      .post('/v1/things')
      .set(headers)
      .send({ applicant: { name: 'x'.repeat(3000), email: 'a@b.co' }, amount: 1 });
    expectProblem(large, 413, 'Payload Too Large');

    const text = await request(base).post('/v1/things').set(headers).set('Content-Type', 'text/plain').send('hello');
    expectProblem(text, 415, 'Unsupported Media Type');
    const form = await request(base).post('/v1/things').set(headers).type('form').send({ amount: 1 });
    expectProblem(form, 415);
  });

  it('answers a problem document for unknown routes (404) and a generic one for unexpected errors (500)', async () => {
    const missing = await request(base).get('/v1/nothing-here?secret=1');
    expectProblem(missing, 404, 'Not Found');
    expect(missing.body.instance).toBe('/v1/nothing-here');

    const boom = await request(base)
      .get('/v1/things/boom')
      .set(await bearer('auditor', 'errors'));
    expectProblem(boom, 500, 'Internal Server Error');
    expect(JSON.stringify(boom.body)).not.toMatch(/secret|app\.js/);
  });

  it('limits each tenant: the sixth call in the window gets 429 with Retry-After while another tenant still gets 200', async () => {
    const busy = await bearer('auditor', 'busy-tenant');
    for (let call = 1; call <= 5; call += 1) expect((await request(base).get('/v1/things').set(busy)).status).toBe(200);
    const limited = await request(base).get('/v1/things').set(busy);
    expectProblem(limited, 429, 'Too Many Requests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another role of the same tenant shares its budget; another tenant has its own.
    expect(
      (
        await request(base)
          .get('/v1/things')
          .set(await bearer('underwriter', 'busy-tenant'))
      ).status,
    ).toBe(429);
    expect(
      (
        await request(base)
          .get('/v1/things')
          .set(await bearer('auditor', 'calm-tenant'))
      ).status,
    ).toBe(200);
  });

  it('lets public routes through without a token (limited per client IP)', async () => {
    const ping = await request(base).get('/v1/things/ping');
    expect(ping.status).toBe(200);
    expect(ping.body).toEqual({ pong: true });
  });

  it('reports readiness on /health: 200 with every check up, 503 naming the ones down or silent; /health/live always 200', async () => {
    for (let call = 0; call < 8; call += 1) expect((await request(base).get('/health')).status).toBe(200); // never throttled
    expect((await request(base).get('/health')).body).toEqual({
      status: 'ok',
      checks: { postgres: 'up', rabbitmq: 'up' },
    });

    brokerState = 'down';
    const down = await request(base).get('/health');
    expectProblem(down, 503, 'Service Unavailable');
    expect(down.body).toMatchObject({
      detail: 'not ready: rabbitmq down',
      checks: { postgres: 'up', rabbitmq: 'down' },
    });
    expect(JSON.stringify(down.body)).not.toContain('refused');

    brokerState = 'hanging';
    const started = Date.now();
    const silent = await request(base).get('/health');
    expect(silent.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(4_000);

    expect((await request(base).get('/health/live')).body).toEqual({ status: 'ok' });
    brokerState = 'up';
  });

  it('serves swagger-ui at /docs and the document at /docs/openapi.json, without a token', async () => {
    const ui = await request(base).get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    expect(ui.text).toContain('swagger-ui');
    const assets = await request(base).get('/docs/swagger-ui-bundle.js');
    expect(assets.status).toBe(200);

    const json = await request(base).get('/docs/openapi.json');
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      openapi: '3.1.0',
      info: { title: 'Things API' },
      paths: { '/v1/things': { post: { summary: 'Submit' } } },
    });
  });
});
