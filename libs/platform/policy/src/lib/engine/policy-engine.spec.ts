import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyDecided, policyDecisionSchema } from '@baton/contracts';
import { InMemoryEventStore } from '@baton/state-store/testing';
import { decisionStreamId, EventStoreDecisionLog } from '../audit/event-store-decision-log';
import type { PolicyDocumentInput } from '../document/policy-document';
import { isPolicyError, isPolicyValidationError } from '../errors/policy-error';
import { AT, flagPolicy, testId } from '../evaluation/test-policies';
import { InMemoryPolicyStore } from '../store/in-memory-policy-store';
import type { PolicyStore } from '../store/policy-store.port';
import { PolicyEngine } from './policy-engine';

const policies = join(__dirname, '../../../fixtures/policies');
const meta = (extra: Partial<{ at: string; decisionId: string }> = {}) => ({
  at: AT,
  runId: 'run-1',
  stepId: 'assess-risk',
  ...extra,
});

function setUp(store: PolicyStore = new InMemoryPolicyStore()) {
  const events = new InMemoryEventStore();
  const engine = new PolicyEngine({ store, decisions: new EventStoreDecisionLog(events), ids: testId });
  return { engine, store, events };
}

const flagsV2 = (): PolicyDocumentInput =>
  flagPolicy({
    version: '2',
    rules: [
      {
        id: 'deny-all',
        condition: { fact: 'x', operator: 'present' },
        effect: 'deny',
        reason: { code: 'V2_DENIES', message: 'v2 denies' },
      },
    ],
  });

const temporaryDirs: string[] = [];
/** A scratch folder, removed after the file's tests. */
const temporaryDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
};
afterAll(() => temporaryDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('PolicyEngine (in-memory store and event store)', () => {
  it("records every decision as an audit event on the run's stream, with the version that made it", async () => {
    const { engine, store, events } = setUp();
    await store.save(flagPolicy());
    await store.activate('flags', '1');
    const decision = await engine.decide('llm.invoke', { x: { allow: true } }, meta());
    const refused = await engine.decide('loan.approve', {}, { ...meta(), stepId: 'approve' });

    const stored = await events.readStream(decisionStreamId('run-1'));
    expect(stored.map((event) => [event.type, event.schemaVersion, event.eventId])).toEqual([
      [PolicyDecided.type, PolicyDecided.version, decision.decisionId],
      [PolicyDecided.type, PolicyDecided.version, refused.decisionId],
    ]);
    expect(stored[0]?.data).toEqual(decision);
    expect(policyDecisionSchema.parse(stored[0]?.data)).toMatchObject({
      policyId: 'flags',
      policyVersion: '1',
      effect: 'allow',
    });
    expect(stored[0]?.metadata).toEqual({
      runId: 'run-1',
      stepId: 'assess-risk',
      context: { x: { allow: true } },
      contextRecorded: true,
    });
    expect(stored[1]?.data).toMatchObject({ policyVersion: 'none', reasons: [{ code: 'NO_POLICY' }] });
    expect(stored[1]?.prevHash).toBe(stored[0]?.hash);
  });

  it('can leave the context out of the audit log', async () => {
    const store = new InMemoryPolicyStore();
    const events = new InMemoryEventStore();
    const engine = new PolicyEngine({
      store,
      decisions: new EventStoreDecisionLog(events, { recordContext: false }),
      ids: testId,
    });
    await engine.decide('llm.invoke', { secret: 'phi' }, meta());
    expect((await events.readStream(decisionStreamId('run-1')))[0]?.metadata).toEqual({
      runId: 'run-1',
      stepId: 'assess-risk',
      context: null,
      contextRecorded: false,
    });
  });

  it('an activation governs the next decision of the same engine, without a restart', async () => {
    const { engine, store } = setUp();
    await store.save(flagPolicy());
    await store.activate('flags', '1');
    expect(await engine.decide('llm.invoke', { x: { allow: true } }, meta())).toMatchObject({
      effect: 'allow',
      policyVersion: '1',
    });

    await store.save(flagsV2());
    expect(await engine.decide('llm.invoke', { x: { allow: true } }, meta())).toMatchObject({ policyVersion: '1' });
    await store.activate('flags', '2');
    expect(await engine.decide('llm.invoke', { x: { allow: true } }, meta())).toMatchObject({
      effect: 'deny',
      policyVersion: '2',
      reasons: [{ code: 'V2_DENIES' }],
    });

    await store.retire('flags');
    expect(await engine.decide('llm.invoke', { x: { allow: true } }, meta())).toMatchObject({
      reasons: [{ code: 'NO_POLICY' }],
    });
  });

  it('never activates a document that fails validation: saving refuses it, and activation validates a stored one again', async () => {
    const store = new InMemoryPolicyStore();
    const { engine } = setUp(store);
    await store.save(flagPolicy());
    await store.activate('flags', '1');

    const bad = {
      ...flagPolicy({ version: '2' }),
      rules: [
        {
          id: 'r',
          condition: { fact: 'x', operator: 'greaterThen', value: 1 },
          effect: 'deny',
          reason: { code: 'R', message: 'r' },
        },
      ],
    };
    const saveError = await store.save(bad).catch((error: unknown) => error);
    expect(isPolicyValidationError(saveError) && saveError.issues.map((issue) => issue.field)).toEqual([
      'condition.operator',
    ]);
    expect(await store.get('flags', '2')).toBeNull();

    store.putUnchecked('flags', '3', bad); // as if someone edited the table by hand
    const activateError = await store.activate('flags', '3').catch((error: unknown) => error);
    expect(isPolicyValidationError(activateError)).toBe(true);
    expect(await engine.decide('llm.invoke', { x: { allow: true } }, meta())).toMatchObject({
      effect: 'allow',
      policyVersion: '1',
    });
    expect(
      (await store.list()).filter((version) => version.status === 'active').map((version) => version.version),
    ).toEqual(['1']);
  });

  it('keeps versions immutable (a table-test change is not a new version) and one policy per intent', async () => {
    const store = new InMemoryPolicyStore();
    await expect(store.save(flagPolicy())).resolves.toBe('created');
    await expect(
      store.save(flagPolicy({ tests: [{ name: 't', intent: 'llm.invoke', context: {}, expect: { effect: 'deny' } }] })),
    ).resolves.toBe('unchanged');
    const changed = await store.save(flagPolicy({ description: 'edited in place' })).catch((error: unknown) => error);
    expect(isPolicyError(changed) && changed.code).toBe('VERSION_IMMUTABLE');

    await store.activate('flags', '1');
    await store.save(flagPolicy({ id: 'other' }));
    const conflict = await store.activate('other', '1').catch((error: unknown) => error);
    expect(isPolicyError(conflict) && [conflict.code, conflict.message]).toEqual([
      'POLICY_CONFLICT',
      'other@1 cannot be activated: flags@1 already governs llm.invoke; retire it first',
    ]);
    const missing = await store.activate('flags', '9').catch((error: unknown) => error);
    expect(isPolicyError(missing) && missing.code).toBe('POLICY_NOT_FOUND');
  });

  it('seeds a policies folder: idempotent, and it never undoes a later activation', async () => {
    const { engine, store } = setUp();
    const first = await engine.seedPolicies(policies);
    expect(first).toEqual({
      created: ['lending-llm@1', 'operators-showcase@1', 'triage-output-guard@1'],
      unchanged: [],
      activated: ['lending-llm@1', 'operators-showcase@1', 'triage-output-guard@1'],
    });
    const generation = await store.generation();
    expect(await engine.seedPolicies(policies)).toEqual({ created: [], unchanged: first.created, activated: [] });
    expect(await store.generation()).toBe(generation);

    await store.retire('operators-showcase');
    await engine.seedPolicies(policies);
    expect(await engine.decide('demo.operators', { customer: { tier: 'gold' } }, meta())).toMatchObject({
      reasons: [{ code: 'NO_POLICY' }],
    });
  });

  it('seeds nothing when one file of the folder is invalid', async () => {
    const dir = temporaryDir('policy-seed-');
    writeFileSync(join(dir, 'a-good.json'), readFileSync(join(policies, 'lending-llm.json')));
    writeFileSync(
      join(dir, 'b-bad.json'),
      readFileSync(join(__dirname, '../../../fixtures/invalid/missing-effect.json')),
    );
    const { engine, store } = setUp();
    const error = await engine.seedPolicies(dir).catch((caught: unknown) => caught);
    expect(isPolicyValidationError(error) && error.message).toMatch(
      /b-bad\.json is not a valid policy: rules\[0\]\.effect: is required/,
    );
    expect(await store.list()).toEqual([]);
  });

  it("judges a model's parsed output before it is accepted (llm.output.accept)", async () => {
    const { engine } = setUp();
    await engine.seedPolicies(policies);
    const floor = { floor: { esiLevel: 2 } };
    await expect(engine.judgeOutput({ esiLevel: 4, rationale: 'Stable.' }, floor, meta())).resolves.toMatchObject({
      intent: 'llm.output.accept',
      effect: 'deny',
      reasons: [{ code: 'ACUITY_BELOW_FLOOR' }],
    });
    await expect(
      engine.judgeOutput({ esiLevel: 2, rationale: 'Her ethnicity suggests ...' }, floor, meta()),
    ).resolves.toMatchObject({ effect: 'deny', reasons: [{ code: 'PROTECTED_ATTRIBUTE_CITED' }] });
    await expect(
      engine.judgeOutput({ esiLevel: 1, rationale: 'Airway compromise.' }, floor, meta()),
    ).resolves.toMatchObject({ effect: 'allow' });
  });

  it('explains with the active policies, and mints a permit with its own ids', async () => {
    const { engine } = setUp();
    await engine.seedPolicies(policies);
    const context = { applicant: { consent: { aiProcessing: true } }, model: { provider: 'openai' } };
    const explanation = await engine.explain('llm.invoke', context, { at: AT });
    expect(explanation.rules.filter((rule) => rule.matched).map((rule) => rule.ruleId)).toEqual(['approved-provider']);
    const decision = await engine.decide('llm.invoke', context, meta());
    const permit = engine.mintPermit(decision, {
      runId: 'run-1',
      stepId: 'assess-risk',
      expiresAt: '2026-11-24T10:10:00Z',
    });
    expect(permit).toMatchObject({
      decisionId: decision.decisionId,
      issuedAt: AT,
      inputHash: decision.inputHash,
      policyId: 'lending-llm',
      policyVersion: '1',
    });
  });

  it('replays recorded decisions under another version and lists the differences', async () => {
    const { engine, store } = setUp();
    await store.save(flagPolicy());
    await store.activate('flags', '1');
    const allowed = await engine.decide('llm.invoke', { x: { allow: true } }, meta({ at: '2026-11-24T09:00:00Z' }));
    await engine.decide('llm.invoke', { x: { allow: true } }, meta({ at: '2026-11-24T11:00:00Z' }));
    await engine.decide('loan.approve', { x: { allow: true } }, meta({ at: '2026-11-24T11:30:00Z' }));
    await store.save(flagsV2());

    const report = await engine.replay({ from: '2026-11-24T10:00:00Z', version: '2' });
    expect(report.replayed).toBe(1);
    expect(report.differences).toEqual([
      expect.objectContaining({
        intent: 'llm.invoke',
        decidedAt: '2026-11-24T11:00:00Z',
        before: {
          policyId: 'flags',
          policyVersion: '1',
          effect: 'allow',
          reasons: ['ALLOWED'],
          obligations: [
            { type: 'redact', fields: ['x.secret'] },
            { type: 'cap', name: 'tokens', limit: 100 },
          ],
        },
        after: { policyId: 'flags', policyVersion: '2', effect: 'deny', reasons: ['V2_DENIES'], obligations: [] },
        changed: ['effect', 'reasons', 'obligations'],
      }),
    ]);
    expect(report.differences[0]?.decisionId).not.toBe(allowed.decisionId);
    expect(report.skipped).toEqual([
      { decisionId: expect.any(String), reason: 'no policy governed it (NO_POLICY); name a policy to replay it under' },
    ]);

    const underFlags = await engine.replay({ from: '2026-11-24T00:00:00Z', version: '2', policyId: 'flags' });
    expect(underFlags).toMatchObject({ replayed: 2, skipped: [{ reason: 'flags@2 does not govern loan.approve' }] });
  });

  it('reports a store or log that does not answer as STORE_UNAVAILABLE (retryable): no decision was made', async () => {
    const broken = new InMemoryPolicyStore();
    broken.generation = () => Promise.reject(new Error('connection refused'));
    const { engine } = setUp(broken);
    const error = await engine.decide('llm.invoke', {}, meta()).catch((caught: unknown) => caught);
    expect(isPolicyError(error) && [error.code, error.retryable, error.message]).toEqual([
      'STORE_UNAVAILABLE',
      true,
      'could not read the policy generation: connection refused',
    ]);

    const events = new InMemoryEventStore();
    events.append = () => Promise.reject(new Error('disk full'));
    const noLog = new PolicyEngine({
      store: new InMemoryPolicyStore(),
      decisions: new EventStoreDecisionLog(events),
      ids: testId,
    });
    await expect(noLog.decide('llm.invoke', {}, meta())).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: 'could not record the decision: disk full',
    });
  });

  it('refuses a decision without its run and step', async () => {
    const { engine } = setUp();
    await expect(engine.decide('llm.invoke', {}, { at: AT, runId: '', stepId: 's' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });
});
