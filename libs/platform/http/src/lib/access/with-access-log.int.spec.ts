import { Controller, Get, Module, Param, Req } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccessLog, AuditKey, listAccessStreamId, openStateStore, PostgresEventStore } from '@baton/state-store';
import { BatonMetrics } from '@baton/observability';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { httpMigrations } from '../auth/http-migrations';
import type { Principal } from '../auth/principal';
import { SigningKeyStore } from '../auth/signing-key.store';
import { TokenService } from '../auth/token.service';
import { createHttpApp } from '../app/configure-http-app';
import { HttpPlatformModule } from '../http-platform.module';
import { ProblemException } from '../problems/problem.exception';
import { AccessLogged } from './access-logged';
import { withAccessLog, type AccessRequest } from './with-access-log';

const records = new Map<string, { tenant: string; secret: string }>();
let accessLog: AccessLog;

@Controller('v1/records')
class RecordsController {
  @Get()
  @Roles('nurse')
  @AccessLogged({ view: 'board' })
  list(@CurrentPrincipal() principal: Principal, @Req() request: AccessRequest) {
    return withAccessLog(accessLog, { principal, request, view: 'board', listed: (ids: string[]) => ids }, () =>
      Promise.resolve([...records].filter(([, record]) => record.tenant === principal.tenant).map(([id]) => id)),
    );
  }

  @Get(':id')
  @Roles('nurse')
  @AccessLogged({ view: 'record', recordParam: 'id' })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: AccessRequest) {
    return withAccessLog(accessLog, { principal, request, view: 'record', recordId: id, fields: ['secret'] }, () => {
      const record = records.get(id);
      if (!record || record.tenant !== principal.tenant)
        throw new ProblemException({ status: 404, title: 'Record not found' });
      return Promise.resolve({ id, secret: record.secret });
    });
  }
}

describe('withAccessLog: a route answers only once its access is logged (real Nest app, real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let app: NestExpressApplication;
  let tokens: TokenService;
  const key = AuditKey.from(randomBytes(32).toString('hex'));
  const metrics = new BatonMetrics();
  /** `baton_access_log_failures_total` of one view, as Prometheus would scrape it. */
  const failuresCounted = async (view: string) => {
    const metric = await metrics.registry.getSingleMetric('baton_access_log_failures_total')?.get();
    return metric?.values.find((value) => value.labels['view'] === view)?.value ?? 0;
  };
  const bearer = async (tenant: string, role = 'nurse') => ({
    Authorization: `Bearer ${await tokens.issue({ role, tenant, subject: `${role}-9` })}`,
  });
  const accessRows = (streamId: string) =>
    dataSource.query('SELECT data FROM events WHERE stream_id = $1 ORDER BY version', [streamId]);

  beforeAll(async () => {
    db = await createIsolatedSchema('http access log');
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 3,
      migrations: [...httpMigrations],
    });
    tokens = new TokenService(await new SigningKeyStore(dataSource).getOrCreate());
    accessLog = new AccessLog(new PostgresEventStore(dataSource, key), { metrics });

    @Module({
      imports: [HttpPlatformModule.forRoot({ tokens, rateLimit: { limit: 100, ttlMs: 60_000 }, accessLog })],
      controllers: [RecordsController],
    })
    class TestApiModule {}
    app = await createHttpApp(TestApiModule, { logger: false });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('answers a read and logs who, what, where and the outcome in the record’s access stream', async () => {
    const id = `rec-${randomUUID()}`;
    records.set(id, { tenant: 'acme', secret: 's1' });
    const response = await request(app.getHttpServer())
      .get(`/v1/records/${id}`)
      .set(await bearer('acme'))
      .set('User-Agent', 'ward-terminal/2');
    expect(response.status).toBe(200);
    expect(await accessRows(`access:record:${id}`)).toEqual([
      {
        data: expect.objectContaining({
          subject: 'nurse-9',
          role: 'nurse',
          tenant: 'acme',
          view: 'record',
          fields: ['secret'],
          userAgent: 'ward-terminal/2',
          address: expect.stringMatching(/127\.0\.0\.1/),
          outcome: 'allowed',
        }),
      },
    ]);
  });

  it('logs a refused read of another tenant’s record with why, and still answers 404', async () => {
    const id = `rec-${randomUUID()}`;
    records.set(id, { tenant: 'acme', secret: 's2' });
    const response = await request(app.getHttpServer())
      .get(`/v1/records/${id}`)
      .set(await bearer('globex'));
    expect(response.status).toBe(404);
    expect(await accessRows(`access:record:${id}`)).toEqual([
      { data: expect.objectContaining({ tenant: 'globex', outcome: 'refused', reason: '404 Record not found' }) },
    ]);
  });

  it('logs a caller the guard refuses for their role (403) before the route runs, on a record and on a list', async () => {
    const id = `rec-${randomUUID()}`;
    const tenant = `t-${randomUUID()}`;
    records.set(id, { tenant, secret: 'not-for-porters' });
    const read = await request(app.getHttpServer())
      .get(`/v1/records/${id}`)
      .set(await bearer(tenant, 'porter'));
    expect(read.status).toBe(403);
    expect(read.text).not.toContain('not-for-porters');
    expect(await accessRows(`access:record:${id}`)).toEqual([
      {
        data: expect.objectContaining({
          subject: 'porter-9',
          role: 'porter',
          tenant,
          view: 'record',
          outcome: 'refused',
          reason: '403 Forbidden',
        }),
      },
    ]);
    expect(
      (
        await request(app.getHttpServer())
          .get('/v1/records')
          .set(await bearer(tenant, 'porter'))
      ).status,
    ).toBe(403);
    const day = new Date().toISOString().slice(0, 10);
    expect(await accessRows(listAccessStreamId(tenant, day))).toEqual([
      { data: expect.objectContaining({ view: 'board', recordIds: [], outcome: 'refused', reason: '403 Forbidden' }) },
    ]);
  });

  it('logs a list read once, naming the records shown, in the tenant’s daily stream', async () => {
    const tenant = `t-${randomUUID()}`;
    const ids = [`rec-${randomUUID()}`, `rec-${randomUUID()}`];
    for (const id of ids) records.set(id, { tenant, secret: 'x' });
    const response = await request(app.getHttpServer())
      .get('/v1/records')
      .set(await bearer(tenant));
    expect(response.body).toEqual(ids);
    const day = new Date().toISOString().slice(0, 10);
    expect(await accessRows(listAccessStreamId(tenant, day))).toEqual([
      { data: expect.objectContaining({ view: 'board', recordIds: ids, outcome: 'allowed' }) },
    ]);
  });

  it('answers 503 with a problem and shows nothing when the access event cannot be stored', async () => {
    const id = `rec-${randomUUID()}`;
    records.set(id, { tenant: 'acme', secret: 'never-shown' });
    await dataSource.query(`CREATE FUNCTION refuse_access() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'access log down'; END $$`);
    await dataSource.query(`CREATE TRIGGER refuse_access BEFORE INSERT ON events FOR EACH ROW
      WHEN (NEW.type = 'baton.access.recorded') EXECUTE FUNCTION refuse_access()`);
    try {
      const response = await request(app.getHttpServer())
        .get(`/v1/records/${id}`)
        .set(await bearer('acme'));
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.body).toMatchObject({
        type: 'urn:baton:problem:access-log-unavailable',
        title: 'Access log unavailable',
        status: 503,
        code: 'ACCESS_LOG_UNAVAILABLE',
      });
      expect(response.text).not.toContain('never-shown');
      // Counted for the alert, by view; the refusals and answers before it counted nothing.
      expect(await failuresCounted('record')).toBe(1);
      expect(await failuresCounted('board')).toBe(0);
    } finally {
      await dataSource.query('DROP TRIGGER refuse_access ON events');
      await dataSource.query('DROP FUNCTION refuse_access()');
    }
  });
});
