import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { Connection } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';
import { SigningKeyStore, TokenService } from '@baton/http';
import type { ApplicationView, AuditTrail } from '@baton/loan-underwriting-contracts';
import { applicationIdFor, loanVertical } from '@baton/loan-underwriting-feature';
import { verticalEventStore } from '@baton/runtime';
import { loanApplication, ssnWhere, strongCredit } from '@baton/loan-underwriting-feature/testing';
import { deleteTopology } from '@baton/messaging';
import { runIdFor } from '@baton/orchestration';
import { AuditKey, openStateStore, recordAccessStreamId, verifyStream } from '@baton/state-store';
import {
  BuiltProcess,
  createIsolatedSchema,
  freePort,
  IsolatedSchema,
  isolatedBrokerNames,
  startBuiltProcess,
  testEnv,
} from '@baton/testing';

const entry = 'dist/out-tsc/apps/loan-underwriting/src/main.js';
const eraseCli = 'dist/out-tsc/tools/erase/erase-cli.js';
const AUDIT_HEX = '5e'.repeat(32);

type Role = 'intake' | 'underwriter' | 'auditor';

/**
 * The loan API over HTTP against the real app process (ROLE=all: API, orchestrator, agents,
 * relay), on the real PostgreSQL and RabbitMQ. Tokens are signed with the key the process
 * generated and stored at its first start, as `npm run token` signs them.
 */
describe('the loan API (a real ROLE=all process)', () => {
  const names = isolatedBrokerNames('loan api');
  const raw = new Connection(testEnv.rabbitmqUrl);
  let db: IsolatedSchema;
  let app: BuiltProcess | null = null;
  let dataSource: DataSource;
  let tokens: TokenService;
  let url: string;

  const token = (role: Role, tenant = 'acme', subject = `${role}-1`) => tokens.issue({ role, tenant, subject });
  const as = async (role: Role, tenant = 'acme') => ({ Authorization: `Bearer ${await token(role, tenant)}` });
  const submit = async (body: unknown, key: string, tenant = 'acme') =>
    request(url)
      .post('/v1/applications')
      .set(await as('intake', tenant))
      .set('Idempotency-Key', key)
      .send(body as object);
  const view = async (applicationId: string, tenant = 'acme') =>
    request(url)
      .get(`/v1/applications/${applicationId}`)
      .set(await as('intake', tenant));
  const until = async (
    applicationId: string,
    done: (view: ApplicationView) => boolean,
    timeoutMs = 20_000,
  ): Promise<ApplicationView> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await view(applicationId);
      const body = response.body as ApplicationView;
      if (response.status === 200 && done(body)) return body;
      if (Date.now() > deadline) throw new Error(`application ${applicationId} stayed ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    db = await createIsolatedSchema('loan api');
    const port = await freePort();
    app = await startBuiltProcess({
      entry,
      name: 'loan-all',
      env: {
        ROLE: 'all',
        PORT: String(port),
        DATABASE_URL: db.databaseUrl,
        DATABASE_SCHEMA: db.schema,
        RABBITMQ_URL: testEnv.rabbitmqUrl,
        BROKER_NAMESPACE: names.prefix,
        AUDIT_HMAC_KEY: AUDIT_HEX,
        REVIEW_TIMEOUT_MS: '600000',
        RATE_LIMIT: '100000',
      },
      ready: { outputMatches: /loan api ready/ },
      timeoutMs: 60_000,
    });
    url = `http://127.0.0.1:${port}`;
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 3,
      migrations: loanVertical.migrations,
    });
    tokens = new TokenService(await new SigningKeyStore(dataSource).getOrCreate());
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    await dataSource?.destroy();
    await deleteTopology(raw, loanVertical.topology(names.prefix)).catch(() => undefined);
    await raw.close();
    await names.cleanup();
    await db?.drop();
  });

  describe('POST /v1/applications', () => {
    it('accepts an application with 202, its id and links, and underwriting runs to a decision', async () => {
      const response = await submit(loanApplication({ applicant: { ssn: ssnWhere(strongCredit) } }), 'approve-1');
      expect(response.status).toBe(202);
      const { applicationId } = response.body as { applicationId: string };
      expect(response.body).toEqual({
        applicationId,
        status: 'received',
        links: {
          self: `/v1/applications/${applicationId}`,
          review: `/v1/applications/${applicationId}/review`,
          audit: `/v1/applications/${applicationId}/audit`,
        },
      });
      expect(response.headers['location']).toBe(`/v1/applications/${applicationId}`);

      const decided = await until(applicationId, (body) => body.status === 'approved');
      expect(decided.decision).toMatchObject({ outcome: 'approved', decidedBy: 'scorecard' });
      expect(decided.decision?.score).toEqual(expect.any(Number));
      expect(decided.decision?.reasons.length).toBeGreaterThan(0);
      for (const reason of decided.decision?.reasons ?? [])
        expect(reason).toEqual({
          code: expect.any(String),
          message: expect.any(String),
          points: reason.points === null ? null : expect.any(Number),
        });
      expect(decided.policyVersion).toMatch(/@/);
      expect(decided.model).toEqual({ provider: 'deterministic', name: expect.any(String) });
      expect(decided.steps.map((step) => step.step)).toEqual(
        expect.arrayContaining([
          // Version 3: identity with sanctions and bureau with income as parallel branches.
          'identity/kyc',
          'identity/sanctions',
          'identity',
          'compliance',
          'financials/bureau',
          'financials/income',
          'financials',
          'gate',
          'assess',
          'guard',
          'score',
          'approve',
        ]),
      );
      expect(decided.subjectId).toMatch(/^subj_/);
      expect(JSON.stringify(decided)).not.toContain('Hopper');
    });

    it('declines on policy before any model is called, and says so', async () => {
      const response = await submit(
        loanApplication({ applicant: { ssn: ssnWhere(strongCredit, undefined, 1), jurisdiction: 'NY' } }),
        'denied-1',
      );
      expect(response.status).toBe(202);
      const decided = await until(response.body.applicationId, (body) => body.status === 'declined');
      expect(decided.decision).toMatchObject({ outcome: 'declined', decidedBy: 'policy', score: null });
      expect(decided.decision?.reasons.map((reason) => reason.code)).toContain('JURISDICTION_NOT_LICENSED');
      expect(decided.model).toBeNull();
      expect(decided.steps.map((step) => step.step)).not.toContain('assess');
    });

    it('replays the first response for the same key and body, and refuses the key with another body (409)', async () => {
      const body = loanApplication({ applicant: { ssn: ssnWhere(strongCredit, undefined, 2) } });
      const first = await submit(body, 'replay-1');
      const again = await submit(body, 'replay-1');
      expect(again.status).toBe(202);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await submit({ ...body, loan: { ...body.loan, amount: 21_000 } }, 'replay-1');
      expect(other.status).toBe(409);
      expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(other.body).toMatchObject({ status: 409, title: expect.any(String), code: 'IDEMPOTENCY_KEY_REUSED' });
      const runs = await dataSource.query('SELECT count(*)::int AS n FROM workflow_runs WHERE run_id = $1', [
        runIdFor('loan.underwrite', 'acme', first.body.applicationId),
      ]);
      expect(runs[0].n).toBe(1);
    });

    it('accepts 64 concurrent submissions, more than the API has connections, each with its own run', async () => {
      const ssn = ssnWhere(strongCredit, undefined, 8);
      const responses = await Promise.all(
        Array.from({ length: 64 }, (_, i) => submit(loanApplication({ applicant: { ssn } }), `burst-${i}`)),
      );
      expect(responses.map((response) => response.status)).toEqual(responses.map(() => 202));
      const ids = responses.map((response) =>
        runIdFor('loan.underwrite', 'acme', response.body.applicationId as string),
      );
      const runs = await dataSource.query('SELECT count(*)::int AS n FROM workflow_runs WHERE run_id = ANY($1)', [ids]);
      expect(runs[0].n).toBe(64);
    });

    it('requires an Idempotency-Key (400 naming the header) and stores nothing without one', async () => {
      const response = await request(url)
        .post('/v1/applications')
        .set(await as('intake'))
        .send(loanApplication());
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'header.Idempotency-Key', rule: 'required' }),
      ]);
    });

    it('names each bad field and rule in a 400 problem, and unknown fields too', async () => {
      const bad = loanApplication({
        applicant: { ssn: '12-345', email: 'not-an-email', jurisdiction: 'XX' as never },
        loan: { amount: -5 },
      });
      const response = await submit({ ...bad, applicant: { ...bad.applicant, favouriteColour: 'teal' } }, 'bad-1');
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const fields = (response.body.errors as Array<{ field: string; rule: string }>).map((error) => error.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'applicant.ssn',
          'applicant.email',
          'applicant.jurisdiction',
          'loan.amount',
          'applicant.favouriteColour',
        ]),
      );
      expect(
        (response.body.errors as Array<{ rule: string }>).find((error) => error.rule.startsWith('unrecognized_keys')),
      ).toBeDefined();
      // Rejected before the key was claimed: nothing stored, and the key can be used again.
      const keys = await dataSource.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'bad-1'`);
      expect(keys[0].n).toBe(0);
      expect(
        (await submit(loanApplication({ applicant: { ssn: ssnWhere(strongCredit, undefined, 3) } }), 'bad-1')).status,
      ).toBe(202);
    });

    it('answers broken JSON 400, a wrong content type 415 and an oversized body 413, never 5xx', async () => {
      const headers = { ...(await as('intake')), 'Idempotency-Key': 'transport-1' };
      const broken = await request(url)
        .post('/v1/applications')
        .set(headers)
        .set('Content-Type', 'application/json')
        .send('{"applicant": {');
      expect(broken.status).toBe(400);
      expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
      const text = await request(url)
        .post('/v1/applications')
        .set(headers)
        .set('Content-Type', 'text/plain')
        .send('applicant=Grace');
      expect(text.status).toBe(415);
      const huge = await request(url)
        .post('/v1/applications')
        .set(headers)
        .send({ ...loanApplication(), notes: 'x'.repeat(200_000) });
      expect(huge.status).toBe(413);
    });
  });

  describe('authentication, roles and tenants', () => {
    it('answers 401 without a token or with a forged one, and 403 for the wrong role', async () => {
      const none = await request(url).post('/v1/applications').set('Idempotency-Key', 'auth-1').send(loanApplication());
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      const forged = await new TokenService('another-key-of-at-least-32-characters!!').issue({
        role: 'intake',
        tenant: 'acme',
      });
      expect((await request(url).get('/v1/applications/x').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
      const wrongRole = await request(url)
        .post('/v1/applications')
        .set(await as('auditor'))
        .set('Idempotency-Key', 'auth-1')
        .send(loanApplication());
      expect(wrongRole.status).toBe(403);
    });

    it('scopes every read and write to the token’s tenant: another tenant’s application is 404', async () => {
      const response = await submit(
        loanApplication({ applicant: { ssn: ssnWhere(strongCredit, undefined, 4) } }),
        'tenant-1',
      );
      const { applicationId } = response.body as { applicationId: string };
      expect((await view(applicationId, 'globex')).status).toBe(404);
      expect(
        (
          await request(url)
            .get(`/v1/applications/${applicationId}/audit`)
            .set(await as('auditor', 'globex'))
        ).status,
      ).toBe(404);
      expect(
        (
          await request(url)
            .post(`/v1/applications/${applicationId}/review`)
            .set(await as('underwriter', 'globex'))
            .send({ outcome: 'approve', note: 'looks fine' })
        ).status,
      ).toBe(404);
      // The same key in another tenant is another application.
      const theirs = await submit(
        loanApplication({ applicant: { ssn: ssnWhere(strongCredit, undefined, 4) } }),
        'tenant-1',
        'globex',
      );
      expect(theirs.status).toBe(202);
      expect(theirs.body.applicationId).not.toBe(applicationId);
      expect((await view(applicationId)).status).toBe(200);
    });

    it('logs each read in the application’s access stream, a refused one with why, and the chain verifies', async () => {
      const response = await submit(
        loanApplication({ applicant: { ssn: ssnWhere(strongCredit, undefined, 5) } }),
        'access-1',
      );
      const { applicationId } = response.body as { applicationId: string };
      expect((await view(applicationId)).status).toBe(200);
      expect((await view(applicationId, 'globex')).status).toBe(404);
      const streamId = recordAccessStreamId(applicationId);
      const rows: Array<{ data: Record<string, unknown> }> = await dataSource.query(
        'SELECT data FROM events WHERE stream_id = $1 ORDER BY version',
        [streamId],
      );
      expect(rows.map((row) => row.data)).toEqual([
        expect.objectContaining({ subject: 'intake-1', role: 'intake', tenant: 'acme', outcome: 'allowed' }),
        expect.objectContaining({ tenant: 'globex', outcome: 'refused', reason: expect.stringMatching(/^404 /) }),
      ]);
      expect(await verifyStream(dataSource, AuditKey.from(AUDIT_HEX), streamId)).toMatchObject({ verified: true });
    });
  });

  describe('referrals', () => {
    it('lets only an underwriter complete a referred application, and only while it is referred (409 after)', async () => {
      const response = await submit(
        loanApplication({ applicant: { ssn: ssnWhere(strongCredit, undefined, 5), monthlyDebt: 4_000 } }),
        'refer-1',
      );
      const { applicationId } = response.body as { applicationId: string };
      await until(applicationId, (body) => body.status === 'referred');
      const review = { outcome: 'approve', note: 'Verified the second income with the employer.' };
      expect(
        (
          await request(url)
            .post(`/v1/applications/${applicationId}/review`)
            .set(await as('intake'))
            .send(review)
        ).status,
      ).toBe(403);
      const invalid = await request(url)
        .post(`/v1/applications/${applicationId}/review`)
        .set(await as('underwriter'))
        .send({ outcome: 'maybe', note: '' });
      expect(invalid.status).toBe(400);
      expect((invalid.body.errors as Array<{ field: string }>).map((error) => error.field).sort()).toEqual([
        'note',
        'outcome',
      ]);
      const accepted = await request(url)
        .post(`/v1/applications/${applicationId}/review`)
        .set(await as('underwriter'))
        .send(review);
      expect(accepted.status).toBe(202);
      const decided = await until(applicationId, (body) => body.status === 'approved');
      expect(decided.decision).toMatchObject({ outcome: 'approved', decidedBy: 'underwriter' });
      const late = await request(url)
        .post(`/v1/applications/${applicationId}/review`)
        .set(await as('underwriter'))
        .send(review);
      expect(late.status).toBe(409);
      expect(late.body.detail).toContain('approved');
    });

    it('answers 404 for an application that does not exist', async () => {
      const response = await request(url)
        .get('/v1/applications/app_doesnotexist')
        .set(await as('underwriter'));
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('audit and personal data at rest', () => {
    it('gives an auditor the history with personal fields masked and a verified chain; others get 403', async () => {
      const ssn = ssnWhere(strongCredit, undefined, 6);
      const response = await submit(
        loanApplication({ applicant: { ssn, lastName: 'Quartermaine' }, notes: 'call after 5pm' }),
        'audit-1',
      );
      const { applicationId } = response.body as { applicationId: string };
      await until(applicationId, (body) => body.decision !== null);
      expect(
        (
          await request(url)
            .get(`/v1/applications/${applicationId}/audit`)
            .set(await as('underwriter'))
        ).status,
      ).toBe(403);
      const audit = await request(url)
        .get(`/v1/applications/${applicationId}/audit`)
        .set(await as('auditor'));
      expect(audit.status).toBe(200);
      const trail = audit.body as AuditTrail;
      expect(trail.verified).toBe(true);
      expect(trail.events[0]).toMatchObject({ version: 1, type: 'run.started' });
      const text = JSON.stringify(trail);
      for (const personal of [ssn, 'Quartermaine', 'grace.hopper@example.com', '1985-03-09', 'call after 5pm'])
        expect(text).not.toContain(personal);
      expect(text).toContain('[encrypted]');
      // At rest too: the rows hold ciphertext, not the SSN.
      const rows = await dataSource.query(
        `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND data::text LIKE $2`,
        [runIdFor('loan.underwrite', 'acme', applicationId), `%${ssn}%`],
      );
      expect(rows[0].n).toBe(0);
    });

    it('erases a subject with `npm run erase`: their fields become unreadable and the chain still verifies', async () => {
      const ssn = ssnWhere(strongCredit, undefined, 7);
      const response = await submit(loanApplication({ applicant: { ssn, firstName: 'Ottoline' } }), 'erase-1');
      const { applicationId } = response.body as { applicationId: string };
      const decided = await until(applicationId, (body) => body.decision !== null);
      const runId = runIdFor('loan.underwrite', 'acme', applicationId);
      const auditKey = AuditKey.from(AUDIT_HEX);
      const before = await verticalEventStore(loanVertical, dataSource, auditKey).readStream(runId);
      expect(JSON.stringify(before[0]?.data)).toContain('Ottoline');

      const output = execFileSync('node', ['tools/runtime/run.js', eraseCli, '--vertical', 'loan', decided.subjectId], {
        env: { ...process.env, DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema },
        encoding: 'utf8',
      });
      expect(output).toContain(decided.subjectId);

      const after = await verticalEventStore(loanVertical, dataSource, auditKey).readStream(runId);
      const started = after[0]?.data as {
        input: { application: { applicant: Record<string, unknown>; loan: Record<string, unknown> } };
      };
      expect(started.input.application.applicant['firstName']).toBe('[erased]');
      expect(started.input.application.applicant['ssn']).toBe('[erased]');
      expect(started.input.application.loan['amount']).toBe(20_000);
      expect(JSON.stringify(after)).not.toContain('Ottoline');
      expect(await verifyStream(dataSource, auditKey, runId)).toMatchObject({ verified: true });
      const audit = await request(url)
        .get(`/v1/applications/${applicationId}/audit`)
        .set(await as('auditor'));
      expect(audit.body.verified).toBe(true);
    });
  });

  describe('operations', () => {
    it('serves /health (Postgres and RabbitMQ ready), /metrics, /kpi and the OpenAPI document at /docs without a token', async () => {
      const health = await request(url).get('/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', checks: { postgres: 'up', rabbitmq: 'up' } });
      const metrics = await request(url).get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('baton_runs_total');
      const kpi = await request(url).get('/kpi');
      expect(kpi.status).toBe(200);
      const docs = await request(url).get('/docs');
      expect(docs.status).toBe(200);
      expect(docs.text).toMatch(/swagger/i);
      const document = await request(url).get('/docs/openapi.json');
      expect(document.status).toBe(200);
      expect(Object.keys(document.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/applications',
          '/v1/applications/{id}',
          '/v1/applications/{id}/review',
          '/v1/applications/{id}/audit',
        ]),
      );
      expect(JSON.stringify(document.body.paths['/v1/applications'].post.requestBody)).toContain('"ssn"');
    });

    it('answers an unknown route with a 404 problem document', async () => {
      const response = await request(url)
        .get('/v2/nothing')
        .set(await as('intake'));
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  it('derives application ids from tenant and key, so a retry after a crash finds the same application', () => {
    expect(applicationIdFor('acme', 'k-1')).toBe(applicationIdFor('acme', 'k-1'));
    expect(applicationIdFor('acme', 'k-1')).not.toBe(applicationIdFor('globex', 'k-1'));
  });
});
