import { spawnSync } from 'node:child_process';
import { Connection } from 'rabbitmq-client';
import { LoanDecided } from '@baton/loan-underwriting-contracts';
import { loanVertical, UNDERWRITING_WORKFLOW_ID } from '@baton/loan-underwriting-feature';
import { deleteTopology, queueFor } from '@baton/messaging';
import { orchestrationMigrations, PostgresRunStore, systemClock, WorkflowEngine } from '@baton/orchestration';
import { AuditKey, enqueueOutbox, openStateStore, PostgresEventStore, toOutboxMessage } from '@baton/state-store';
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
const AUDIT_HEX = '4d'.repeat(32);

describe('the loan underwriting app as a worker process (real PostgreSQL and RabbitMQ)', () => {
  const names = isolatedBrokerNames('loan app');
  const raw = new Connection(testEnv.rabbitmqUrl);
  let db: IsolatedSchema;
  let app: BuiltProcess | null = null;

  beforeAll(async () => {
    db = await createIsolatedSchema('loan app');
  });
  afterAll(async () => {
    await app?.kill();
    await deleteTopology(raw, loanVertical.topology(names.prefix)).catch(() => undefined);
    await raw.close();
    await names.cleanup();
    await db?.drop();
  });

  it('refuses a bad configuration in one line naming the variable', async () => {
    const result = spawnSync('node', ['tools/runtime/run.js', entry], {
      env: { ...process.env, DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: 'Not-A-Schema', AUDIT_HMAC_KEY: AUDIT_HEX },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(`${result.stdout}${result.stderr}`.trim()).toBe(
      'baton: invalid configuration: DATABASE_SCHEMA: must be a lower-case SQL identifier',
    );
  });

  it('runs the worker role: migrates, seeds its policies, decides an application and serves its metrics', async () => {
    const port = await freePort();
    app = await startBuiltProcess({
      entry,
      name: 'loan-worker',
      env: {
        ROLE: 'worker',
        DATABASE_URL: db.databaseUrl,
        DATABASE_SCHEMA: db.schema,
        RABBITMQ_URL: testEnv.rabbitmqUrl,
        BROKER_NAMESPACE: names.prefix,
        METRICS_PORT: String(port),
        AUDIT_HMAC_KEY: AUDIT_HEX,
      },
      ready: { outputMatches: /loan worker ready/ },
    });
    const dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 2,
      migrations: orchestrationMigrations,
    });
    const engine = new WorkflowEngine({
      runs: new PostgresRunStore(dataSource, new PostgresEventStore(dataSource, AuditKey.from(AUDIT_HEX))),
      workflows: loanVertical.workflows(),
      topology: loanVertical.topology(names.prefix),
      clock: systemClock,
    });
    const application = {
      applicant: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        dateOfBirth: '1990-05-01',
        ssn: '123-45-6789',
        email: 'ada@example.com',
        jurisdiction: 'NY',
        annualIncome: 96_000,
        monthlyDebt: 1_200,
        employmentStatus: 'employed',
      },
      loan: { amount: 20_000, termMonths: 36, purpose: 'auto' },
    };
    const { runId } = await engine.start(
      UNDERWRITING_WORKFLOW_ID,
      { applicationId: 'app-1', subjectId: 'subject-1', receivedAt: new Date().toISOString(), application },
      { idempotencyKey: 'app-1', tenantId: 'acme' },
    );
    const deadline = Date.now() + 20_000;
    let status = (await engine.get(runId)).status;
    while (status !== 'completed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await engine.get(runId)).status;
    }
    expect(status).toBe('completed');
    expect((await engine.get(runId)).state).toMatchObject({
      decision: { outcome: 'declined', decidedBy: 'policy', reasons: [{ code: 'JURISDICTION_NOT_LICENSED' }] },
    });
    await dataSource.destroy();

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/baton_runs_total\{workflow="loan.underwrite",outcome="completed"\} 1/);
    expect(text).toMatch(/baton_policy_decisions_total\{[^}]*effect="deny"[^}]*\} 1/);
    expect(text).toContain('baton_outbox_lag_seconds');
  });

  it('runs the relay role alone: it publishes what another process left in the outbox, and serves metrics', async () => {
    const port = await freePort();
    const relay = await startBuiltProcess({
      entry,
      name: 'loan-relay',
      env: {
        ROLE: 'relay',
        DATABASE_URL: db.databaseUrl,
        DATABASE_SCHEMA: db.schema,
        RABBITMQ_URL: testEnv.rabbitmqUrl,
        BROKER_NAMESPACE: names.prefix,
        METRICS_PORT: String(port),
        AUDIT_HMAC_KEY: AUDIT_HEX,
      },
      ready: { outputMatches: /loan relay ready/ },
    });
    try {
      const topology = loanVertical.topology(names.prefix);
      let relayed: (id: string) => void = () => undefined;
      const received = new Promise<string>((resolve) => (relayed = resolve));
      // Bodies arrive parsed (JSON content type); the worker test's own decision may come first.
      const consumer = raw.createConsumer(
        { queue: queueFor(topology, LoanDecided.type)?.name as string, queueOptions: { passive: true } },
        async (message) => {
          const body = (Buffer.isBuffer(message.body) ? JSON.parse(message.body.toString()) : message.body) as {
            payload: { applicationId: string };
          };
          if (body.payload.applicationId === 'app-relayed') relayed(body.payload.applicationId);
        },
      );
      // A row committed by a process that died before publishing it.
      const decided = LoanDecided.create(
        {
          applicationId: 'app-relayed',
          outcome: 'approved',
          decidedBy: 'scorecard',
          score: 700,
          reasons: [],
          policyVersion: 'loan-compliance@1',
          model: null,
        },
        { correlationId: 'app-relayed', tenantId: 'acme', actor: { kind: 'service', id: 'test' } },
      );
      const dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 2 });
      await dataSource.transaction((tx) =>
        enqueueOutbox(tx, [toOutboxMessage(decided, { exchange: topology.eventExchange })]),
      );
      await dataSource.destroy();
      expect(await received).toBe('app-relayed');
      await consumer.close();
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(await metrics.text()).toContain('baton_outbox_lag_seconds');
    } finally {
      await relay.stop();
    }
  });
});
