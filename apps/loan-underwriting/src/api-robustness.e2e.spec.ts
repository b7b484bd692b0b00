import fc from 'fast-check';
import request from 'supertest';
import { Connection } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';
import { SigningKeyStore, TokenService } from '@baton/http';
import { US_JURISDICTIONS } from '@baton/loan-underwriting-contracts';
import { loanVertical } from '@baton/loan-underwriting-feature';
import { loanApplication } from '@baton/loan-underwriting-feature/testing';
import { deleteTopology } from '@baton/messaging';
import { openStateStore } from '@baton/state-store';
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
const AUDIT_HEX = '6f'.repeat(32);
/** Bodies posted by the property test: "thousands", and few enough for the suite's budget. */
const RUNS = 2_000;

type Json = ReturnType<typeof JSON.parse>;

/** An application that may or may not be valid: every field drawn near and across its rules. */
const applicationLike = fc.record({
  applicant: fc.record({
    firstName: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('Grace')),
    lastName: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('Hopper')),
    dateOfBirth: fc.oneof(fc.constant('1985-03-09'), fc.constant('1985-02-30'), fc.string({ maxLength: 12 })),
    ssn: fc.oneof(fc.stringMatching(/^\d{3}-\d{2}-\d{4}$/), fc.string({ maxLength: 12 })),
    email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 20 })),
    jurisdiction: fc.oneof(fc.constantFrom(...US_JURISDICTIONS), fc.string({ maxLength: 3 })),
    annualIncome: fc.oneof(fc.integer({ min: 0, max: 400_000 }), fc.double(), fc.string()),
    monthlyDebt: fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -5, max: -1 })),
    employmentStatus: fc.constantFrom('employed', 'self_employed', 'unemployed', 'retired', 'student', 'astronaut'),
  }),
  loan: fc.record({
    amount: fc.oneof(fc.integer({ min: 1_000, max: 80_000 }), fc.double({ min: -1e12, max: 1e12 })),
    termMonths: fc.oneof(fc.integer({ min: 6, max: 480 }), fc.integer()),
    purpose: fc.constantFrom('auto', 'education', 'medical', 'yacht'),
  }),
  notes: fc.option(fc.string({ maxLength: 300, unit: 'binary' }), { nil: undefined }),
});

/** A valid application with a few of its fields replaced, removed or joined by unknown ones. */
const PATHS = [
  ['applicant'],
  ['loan'],
  ['applicant', 'ssn'],
  ['applicant', 'firstName'],
  ['applicant', 'annualIncome'],
  ['loan', 'amount'],
  ['loan', 'termMonths'],
  ['notes'],
  ['applicant', 'extra'],
  ['surprise'],
];
const mutated = fc
  .tuple(
    fc.array(
      fc.record({
        path: fc.constantFrom(...PATHS),
        value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([changes]) => {
    const body = JSON.parse(JSON.stringify(loanApplication())) as Record<string, Json>;
    for (const { path, value } of changes) {
      let target = body;
      for (const key of path.slice(0, -1))
        target = (typeof target[key] === 'object' && target[key] !== null ? target[key] : (target[key] = {})) as Record<
          string,
          Json
        >;
      const last = path.at(-1) as string;
      if (value === undefined) delete target[last];
      else target[last] = value;
    }
    return body;
  });

/** What reaches the server: a JSON body, or raw text sent as JSON (broken, odd or empty). */
const submission = fc.oneof(
  { weight: 3, arbitrary: applicationLike.map((body) => ({ json: body as Json })) },
  { weight: 3, arbitrary: mutated.map((body) => ({ json: body as Json })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((body) => ({ raw: JSON.stringify(body) })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.string({ maxLength: 200, unit: 'binary' }),
        fc.constantFrom('{', '[1,2', '{"applicant":', '', '\u0000', '{"a":1}}', 'null'),
      )
      .map((raw) => ({ raw })),
  },
);

describe('the loan API under random and malformed input (a real ROLE=api process)', () => {
  const names = isolatedBrokerNames('loan api fuzz');
  const raw = new Connection(testEnv.rabbitmqUrl);
  let db: IsolatedSchema;
  const processes: BuiltProcess[] = [];
  let dataSource: DataSource;
  let tokens: TokenService;

  const startApi = async (env: Record<string, string>) => {
    const port = await freePort();
    const api = await startBuiltProcess({
      entry,
      name: 'loan-api',
      env: {
        ROLE: 'api',
        PORT: String(port),
        DATABASE_URL: db.databaseUrl,
        DATABASE_SCHEMA: db.schema,
        RABBITMQ_URL: testEnv.rabbitmqUrl,
        BROKER_NAMESPACE: names.prefix,
        AUDIT_HMAC_KEY: AUDIT_HEX,
        ...env,
      },
      ready: { outputMatches: /loan api ready/ },
      timeoutMs: 60_000,
    });
    processes.push(api);
    return { api, url: `http://127.0.0.1:${port}` };
  };

  beforeAll(async () => {
    db = await createIsolatedSchema('loan api fuzz');
    // The suite opens the schema first, so the key it reads is the one both processes will use.
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 2,
      migrations: loanVertical.migrations,
    });
    tokens = new TokenService(await new SigningKeyStore(dataSource).getOrCreate());
  });
  afterAll(async () => {
    for (const api of processes) await api.stop();
    await dataSource?.destroy();
    await deleteTopology(raw, loanVertical.topology(names.prefix)).catch(() => undefined);
    await raw.close();
    await names.cleanup();
    await db?.drop();
  });

  it(`answers ${RUNS} random and malformed bodies with 2xx or 4xx only, stays up, and leaves nothing half-written`, async () => {
    const { api, url } = await startApi({ RATE_LIMIT: '1000000' });
    const bearer = `Bearer ${await tokens.issue({ role: 'intake', tenant: 'fuzz', subject: 'fuzzer' })}`;
    const accepted = new Set<string>();
    const refused = new Map<number, number>();
    let sequence = 0;

    await fc.assert(
      fc.asyncProperty(submission, async (input) => {
        const key = `fuzz-${++sequence}`;
        const call = request(url)
          .post('/v1/applications')
          .set('Authorization', bearer)
          .set('Idempotency-Key', key)
          .set('Content-Type', 'application/json');
        const response = 'json' in input ? await call.send(JSON.stringify(input.json)) : await call.send(input.raw);
        if (response.status >= 500 || response.status < 200 || (response.status >= 300 && response.status < 400)) {
          throw new Error(
            `status ${response.status} for ${JSON.stringify(input).slice(0, 300)}: ${response.text.slice(0, 300)}`,
          );
        }
        if (response.status === 202) accepted.add(response.body.applicationId as string);
        else {
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(response.body.status).toBe(response.status);
          refused.set(response.status, (refused.get(response.status) ?? 0) + 1);
        }
      }),
      { numRuns: RUNS, seed: 20261124 },
    );

    // Both kinds were exercised, not one by accident.
    expect(accepted.size).toBeGreaterThan(20);
    expect(refused.get(400) ?? 0).toBeGreaterThan(RUNS / 2);
    // Still up and ready.
    expect((await request(url).get('/health')).status).toBe(200);
    expect(api.output()).not.toMatch(/Unhandled|FATAL/);
    // Nothing half-written: every accepted application has its run and a completed key, and no refused request left either.
    const keys: Array<{ state: string; n: number }> = await dataSource.query(
      `SELECT state, count(*)::int AS n FROM idempotency_keys WHERE tenant_id = 'fuzz' GROUP BY state`,
    );
    expect(keys).toEqual([{ state: 'completed', n: accepted.size }]);
    const runs: Array<{ n: number; started: number }> = await dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.stream_id = r.run_id AND e.type = 'run.started'))::int AS started FROM workflow_runs r WHERE tenant_id = 'fuzz'`,
    );
    expect(runs).toEqual([{ n: accepted.size, started: accepted.size }]);
  }, 600_000);

  it('limits each tenant separately: 429 with Retry-After past the limit, while another tenant still gets through', async () => {
    const { url } = await startApi({ RATE_LIMIT: '5', RATE_LIMIT_WINDOW_MS: '60000' });
    const acme = `Bearer ${await tokens.issue({ role: 'underwriter', tenant: 'acme' })}`;
    const globex = `Bearer ${await tokens.issue({ role: 'underwriter', tenant: 'globex' })}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await request(url).get('/v1/applications/app_none').set('Authorization', acme)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    const limited = await request(url).get('/v1/applications/app_none').set('Authorization', acme);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await request(url).get('/v1/applications/app_none').set('Authorization', globex)).status).toBe(404);
    // Health and metrics are not rate limited.
    const health = await request(url).get('/health');
    expect({ status: health.status, body: health.body }).toMatchObject({ status: 200, body: { status: 'ok' } });
  }, 120_000);
});
