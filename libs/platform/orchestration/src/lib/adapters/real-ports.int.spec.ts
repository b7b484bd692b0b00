import { join } from 'node:path';
import { z } from 'zod';
import { DataSource } from 'typeorm';
import { buildTopology } from '@baton/messaging';
import { AuditKey, openStateStore, PostgresEventStore } from '@baton/state-store';
import { PolicyEngine, policyEntities, policyMigrations, postgresPolicyStorage } from '@baton/policy';
import {
  createModelGateway,
  defineOutputSchema,
  definePromptTemplate,
  DeterministicRules,
  PromptCatalogue,
} from '@baton/llm';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { defineWorkflow } from '../definition/workflow-definition';
import { stepsFor } from '../definition/step-builders';
import { orchestrationMigrations } from '../database/orchestration-migrations';
import { WorkflowEngine } from '../engine/workflow-engine';
import { PostgresRunStore } from './postgres-run-store';
import { WorkflowRegistry } from '../engine/workflow-registry';
import { systemClock } from '../ports/clock';
import { ModelGatewayPort } from './model-gateway.port';
import { PolicyEnginePort } from './policy-engine.port';

const SSN = '078-05-1120';
const Risk = defineOutputSchema({
  name: 'test_risk',
  version: 1,
  description: 'risk band',
  schema: z.strictObject({ band: z.enum(['low', 'high']), sawIdentity: z.boolean() }),
});
const prompt = definePromptTemplate({
  id: 'test.risk',
  version: '1',
  system: 'Assess the risk of the application.',
  user: 'Application:\n{{applicant}}\nAmount: {{amount}}',
});

const State = z.strictObject({
  name: z.string(),
  ssn: z.string(),
  consent: z.boolean(),
  amount: z.number(),
  band: z.enum(['low', 'high']).nullable(),
  sawIdentity: z.boolean().nullable(),
});
type State = z.infer<typeof State>;
const step = stepsFor<State>();
const workflow = defineWorkflow({
  id: 'test.gated-model',
  version: 1,
  input: State.omit({ band: true, sawIdentity: true }),
  state: State,
  initialState: (input) => ({ ...input, band: null, sawIdentity: null }),
  start: 'gate',
  steps: {
    gate: step.policy({
      intent: 'llm.invoke',
      context: (s) => ({ consent: s.consent, amount: s.amount }),
      permits: 'assess',
      next: { allow: 'assess', deny: 'done', review: 'done' },
    }),
    assess: step.model({
      permit: 'gate',
      prompt: { templateId: 'test.risk', templateVersion: '1' },
      output: Risk.schema,
      input: (s) => ({ applicant: { name: s.name, ssn: s.ssn }, amount: s.amount }),
      fold: (s, output) => ({ ...s, band: output.band, sawIdentity: output.sawIdentity }),
      next: 'done',
    }),
    done: step.end({ outcome: 'completed' }),
  },
});

describe('the orchestration core on the real policy engine and model gateway (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let engine: WorkflowEngine;
  let storage: ReturnType<typeof postgresPolicyStorage>;
  const modelSaw: string[] = [];

  beforeAll(async () => {
    db = await createIsolatedSchema('real ports');
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 6,
      entities: policyEntities,
      migrations: [...policyMigrations, ...orchestrationMigrations],
    });
    const key = AuditKey.from('cd'.repeat(32));
    storage = postgresPolicyStorage(dataSource, key);
    const policyEngine = new PolicyEngine(storage);
    await policyEngine.seedPolicies(join(__dirname, '../../../fixtures/policies'));
    const rules = new DeterministicRules().register('test_risk', (data) => {
      modelSaw.push(JSON.stringify(data));
      return { band: Number(data['amount']) < 1000 ? 'low' : 'high', sawIdentity: JSON.stringify(data).includes(SSN) };
    });
    const gateway = await createModelGateway({ env: {}, rules });
    engine = new WorkflowEngine({
      runs: new PostgresRunStore(dataSource, new PostgresEventStore(dataSource, key)),
      workflows: new WorkflowRegistry().register(workflow),
      policy: new PolicyEnginePort(policyEngine),
      model: new ModelGatewayPort(gateway, new PromptCatalogue().add(prompt), [Risk as never]),
      topology: buildTopology({ vertical: 'gated', version: 1, commands: [] }),
      clock: systemClock,
    });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it("allows the model under the seeded policy, with the SSN redacted by the decision's obligation", async () => {
    const { runId } = await engine.start(
      'test.gated-model',
      { name: 'Ada', ssn: SSN, consent: true, amount: 500 },
      { idempotencyKey: 'allowed', tenantId: 't' },
    );
    const view = await engine.advance(runId);
    expect(view).toMatchObject({ status: 'completed', state: { band: 'low', sawIdentity: false } });
    expect(modelSaw.some((data) => data.includes('Ada'))).toBe(true);
    expect(modelSaw.some((data) => data.includes(SSN))).toBe(false);

    // Tokens, cost, model and prompt hash are recorded in the run's history.
    const history = await new PostgresEventStore(dataSource, AuditKey.from('cd'.repeat(32))).readStream(runId);
    const called = history.find((event) => event.type === 'run.model.called')?.data as {
      stepId: string;
      call: {
        provider: string;
        prompt: { templateId: string; templateHash: string };
        usage: { inputTokens: number; outputTokens: number };
        costUsd: number;
      };
    };
    expect(called).toMatchObject({
      stepId: 'assess',
      call: { provider: 'deterministic', prompt: { templateId: 'test.risk', templateHash: prompt.hash } },
    });
    expect(called.call.usage.inputTokens).toBeGreaterThan(0);
    expect(called.call.costUsd).toBeGreaterThan(0);
  });

  it('ends a run the policy denies before the model is called', async () => {
    const before = modelSaw.length;
    const { runId } = await engine.start(
      'test.gated-model',
      { name: 'Bob', ssn: SSN, consent: false, amount: 500 },
      { idempotencyKey: 'denied', tenantId: 't' },
    );
    const view = await engine.advance(runId);
    expect(view).toMatchObject({ status: 'completed', state: { band: null } });
    expect(modelSaw.length).toBe(before);
  });

  it("audits each decision in the policy decision log, appended to the run's own chain in the commit of the step it decided", async () => {
    const { runId } = await engine.start(
      'test.gated-model',
      { name: 'Cy', ssn: SSN, consent: true, amount: 700 },
      { idempotencyKey: 'audited', tenantId: 't' },
    );
    await engine.advance(runId);
    const history = await new PostgresEventStore(dataSource, AuditKey.from('cd'.repeat(32))).readStream(runId);
    const decided = history.find((event) => event.type === 'run.policy.decided')?.data as {
      decision: { decisionId: string };
    };
    const { records } = await storage.decisions.read({ from: '2000-01-01T00:00:00Z' });
    const audited = records.filter((record) => record.runId === runId);
    expect(
      audited.map((record) => ({
        id: record.decision.decisionId,
        step: record.stepId,
        stream: record.streamId,
        verified: record.chainVerified,
      })),
    ).toEqual([{ id: decided.decision.decisionId, step: 'gate', stream: runId, verified: true }]);
  });
});
