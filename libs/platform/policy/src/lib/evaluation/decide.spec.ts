import { createHash } from 'node:crypto';
import { policyDecisionSchema } from '@baton/contracts';
import { isPolicyError } from '../errors/policy-error';
import { decideIntent } from './decide';
import { mergeObligations } from './obligations';
import { AT, flagPolicy, setOf, testId } from './test-policies';

const decide = (set: ReturnType<typeof setOf>, context: unknown, intent = 'llm.invoke') =>
  decideIntent(set, { intent, context, decisionId: testId(), at: AT });

describe('decideIntent: combining, NO_POLICY, default obligations', () => {
  const denyOverrides = setOf(flagPolicy());

  it('deny overrides review overrides allow (the default)', async () => {
    await expect(decide(denyOverrides, { x: { allow: true, review: true, deny: true } })).resolves.toMatchObject({
      effect: 'deny',
      reasons: [{ code: 'DENIED', ruleId: 'deny-rule' }],
      obligations: [],
    });
    await expect(decide(denyOverrides, { x: { allow: true, review: true } })).resolves.toMatchObject({
      effect: 'review',
      reasons: [{ code: 'REVIEWED' }],
    });
    await expect(decide(denyOverrides, { x: { allow: true } })).resolves.toMatchObject({
      effect: 'allow',
      reasons: [{ code: 'ALLOWED' }],
    });
  });

  it('allow-overrides, when a policy declares it', async () => {
    const set = setOf(flagPolicy({ combining: 'allow-overrides' }));
    await expect(decide(set, { x: { allow: true, review: true, deny: true } })).resolves.toMatchObject({
      effect: 'allow',
      reasons: [{ code: 'ALLOWED' }],
    });
    await expect(decide(set, { x: { review: true, deny: true } })).resolves.toMatchObject({ effect: 'review' });
  });

  it('first-applicable: the fired rule of highest priority decides alone, whatever its effect', async () => {
    const set = setOf(flagPolicy({ combining: 'first-applicable' }));
    // review-rule (priority 2) outranks allow-rule (1); deny-rule (3) did not fire.
    await expect(decide(set, { x: { allow: true, review: true } })).resolves.toMatchObject({
      effect: 'review',
      reasons: [{ code: 'REVIEWED' }],
      obligations: [
        { type: 'redact', fields: ['x.secret'] },
        { type: 'human_review', queue: 'q' },
      ],
    });
  });

  it('an intent no policy governs is denied with NO_POLICY', async () => {
    const decision = await decide(denyOverrides, { x: { allow: true } }, 'loan.approve');
    expect(decision).toMatchObject({
      effect: 'deny',
      policyId: 'none',
      policyVersion: 'none',
      reasons: [{ code: 'NO_POLICY', ruleId: null, message: 'no active policy governs intent loan.approve' }],
    });
    expect(policyDecisionSchema.parse(decision)).toEqual(decision);
  });

  it('default obligations attach to every allow and review decision, the default effect included, never to a deny', async () => {
    const redactSecret = { type: 'redact', fields: ['x.secret'] };
    expect((await decide(denyOverrides, { x: { allow: true } })).obligations).toEqual([
      redactSecret,
      { type: 'cap', name: 'tokens', limit: 100 },
    ]);
    expect((await decide(denyOverrides, { x: { review: true, allow: true } })).obligations).toEqual([
      redactSecret,
      { type: 'cap', name: 'tokens', limit: 100 },
      { type: 'human_review', queue: 'q' },
    ]);
    const allowByDefault = setOf(flagPolicy({ defaultEffect: 'allow' }));
    expect(await decide(allowByDefault, {})).toMatchObject({
      effect: 'allow',
      reasons: [{ code: 'NO_RULE_MATCHED', ruleId: null }],
      obligations: [redactSecret],
    });
    const reviewByDefault = setOf(
      flagPolicy({ defaultEffect: 'review', defaultReason: { code: 'UNSURE', message: 'no rule knows' } }),
    );
    expect(await decide(reviewByDefault, {})).toMatchObject({
      effect: 'review',
      reasons: [{ code: 'UNSURE', message: 'no rule knows' }],
      obligations: [redactSecret],
    });
    expect((await decide(denyOverrides, {})).obligations).toEqual([]);
  });

  it('reasons list every rule with the winning effect, highest priority first', async () => {
    const set = setOf(
      flagPolicy({
        rules: [
          {
            id: 'low',
            priority: 1,
            condition: { fact: 'a', operator: 'present' },
            effect: 'deny',
            reason: { code: 'LOW', message: 'low' },
          },
          {
            id: 'high',
            priority: 9,
            condition: { fact: 'a', operator: 'present' },
            effect: 'deny',
            reason: { code: 'HIGH', message: 'high' },
          },
        ],
      }),
    );
    expect((await decide(set, { a: 1 })).reasons.map((reason) => reason.ruleId)).toEqual(['high', 'low']);
  });

  it('binds the decision to the SHA-256 of the canonical context, whatever the key order', async () => {
    const first = await decide(denyOverrides, { x: { allow: true, deny: false }, b: [1, 'two'] });
    const second = await decide(denyOverrides, { b: [1, 'two'], x: { deny: false, allow: true } });
    const canonical = '{"b":[1,"two"],"x":{"allow":true,"deny":false}}';
    expect(first.inputHash).toBe(createHash('sha256').update(canonical).digest('hex'));
    expect(second.inputHash).toBe(first.inputHash);
    expect(policyDecisionSchema.parse(first)).toEqual(first);
  });

  it('is deterministic: the same input gives the same decision', async () => {
    const input = { intent: 'llm.invoke', context: { x: { review: true } }, decisionId: testId(), at: AT };
    expect(await decideIntent(denyOverrides, input)).toEqual(await decideIntent(denyOverrides, input));
  });

  it('never throws on odd context: a context that is not a JSON object is denied with INVALID_CONTEXT', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const odd of [
      cyclic,
      [1, 2],
      'text',
      null,
      undefined,
      { n: Number.NaN },
      { f: () => 1 },
      { big: BigInt(1) },
    ]) {
      const decision = await decide(denyOverrides, odd);
      expect(decision).toMatchObject({ effect: 'deny', reasons: [{ code: 'INVALID_CONTEXT' }], policyId: 'flags' });
      expect(policyDecisionSchema.safeParse(decision).success).toBe(true);
    }
  });

  it('reads only own properties: a path through the prototype is a missing fact', async () => {
    const set = setOf(
      flagPolicy({
        rules: [
          {
            id: 'proto',
            condition: { fact: 'x.constructor', operator: 'present' },
            effect: 'allow',
            reason: { code: 'PROTO', message: 'p' },
          },
        ],
      }),
    );
    expect((await decide(set, { x: {} })).reasons[0]?.code).toBe('NO_RULE_MATCHED');
  });

  it("throws INVALID_REQUEST for a caller's malformed intent, id or instant", async () => {
    const bad = [
      { intent: 'LLM Invoke', context: {}, decisionId: testId(), at: AT },
      { intent: 'llm.invoke', context: {}, decisionId: 'nope', at: AT },
      { intent: 'llm.invoke', context: {}, decisionId: testId(), at: '24/11/2026' },
    ];
    for (const input of bad) {
      const error = await decideIntent(denyOverrides, input).catch((caught: unknown) => caught);
      expect(isPolicyError(error) && error.code).toBe('INVALID_REQUEST');
    }
  });

  it('gives every one of many overlapping decisions on one compiled policy its own full evaluation', async () => {
    // json-rules-engine keeps a run status on the engine; overlapping runs used to skip rules.
    const contexts = Array.from({ length: 60 }, (_unused, index) => ({
      x: { allow: index % 3 === 0, review: index % 3 === 1, deny: index % 3 === 2 },
    }));
    // Starts are staggered over the runs' lifetimes, so some start just as others finish.
    const pending: Promise<{ effect: string }>[] = [];
    for (const [index, context] of contexts.entries()) {
      pending.push(decide(denyOverrides, context));
      for (let hop = 0; hop <= index % 5; hop += 1) await Promise.resolve();
    }
    const decisions = await Promise.all(pending);
    expect(decisions.map((decision) => decision.effect)).toEqual(
      contexts.map((context) => (context.x.allow ? 'allow' : context.x.review ? 'review' : 'deny')),
    );
  });
});

describe('mergeObligations', () => {
  it('unions redactions, keeps the strictest cap per name and one review per queue, in a stable order', () => {
    expect(
      mergeObligations([
        [
          { type: 'human_review', queue: 'b' },
          { type: 'cap', name: 'tokens', limit: 500 },
          { type: 'redact', fields: ['ssn'] },
        ],
        [
          { type: 'redact', fields: ['name', 'ssn'] },
          { type: 'cap', name: 'tokens', limit: 200 },
          { type: 'cap', name: 'amount', limit: 9 },
          { type: 'human_review', queue: null },
          { type: 'human_review', queue: 'b' },
        ],
      ]),
    ).toEqual([
      { type: 'redact', fields: ['name', 'ssn'] },
      { type: 'cap', name: 'amount', limit: 9 },
      { type: 'cap', name: 'tokens', limit: 200 },
      { type: 'human_review', queue: null },
      { type: 'human_review', queue: 'b' },
    ]);
  });
});
