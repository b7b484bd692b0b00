import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyDocument } from '../document/validate-policy';
import { CompiledPolicy } from './compile-policy';
import { explainIntent, LeafTrace, RuleExplanation } from './explain';
import { formatExplanation } from './format-explanation';
import { PolicySet } from './policy-set';
import { testId } from './test-policies';

const load = (name: string) =>
  parsePolicyDocument(JSON.parse(readFileSync(join(__dirname, '../../../fixtures/policies', name), 'utf8')));
const lending = PolicySet.of([CompiledPolicy.compile(load('lending-llm.json'))]);
const showcase = PolicySet.of([CompiledPolicy.compile(load('operators-showcase.json'))]);
const explain = (set: PolicySet, intent: string, context: unknown, at = '2026-06-15T12:00:00Z') =>
  explainIntent(set, { intent, context, decisionId: testId(), at });
const rule = (rules: readonly RuleExplanation[], id: string) =>
  rules.find((candidate) => candidate.ruleId === id) as RuleExplanation;

describe('explainIntent: which rules matched, which did not, and why', () => {
  it('shows a missing fact as a non-match, and `not` turning it into a match', async () => {
    const explanation = await explain(lending, 'llm.invoke', {
      applicant: { sanctioned: false },
      loan: { amount: 1000 },
      model: { provider: 'openai' },
    });
    expect(explanation.decision).toMatchObject({ effect: 'deny', reasons: [{ code: 'AI_CONSENT_MISSING' }] });
    expect(explanation.rules.map((candidate) => [candidate.ruleId, candidate.matched])).toEqual([
      ['sanctioned-applicant', false],
      ['ai-consent-missing', true],
      ['large-loan', false],
      ['approved-provider', true],
    ]);
    expect(rule(explanation.rules, 'ai-consent-missing').condition).toEqual({
      kind: 'not',
      matched: true,
      children: [
        {
          kind: 'fact',
          fact: 'applicant.consent.aiProcessing',
          operator: 'equal',
          matched: false,
          judgement: 'missing',
          actual: undefined,
          why: 'applicant.consent.aiProcessing is missing',
        },
      ],
    });
    expect(rule(explanation.rules, 'sanctioned-applicant').condition).toMatchObject({
      matched: false,
      judgement: 'not_satisfied',
      why: 'applicant.sanctioned is false: not equal true',
    });
    expect(rule(explanation.rules, 'approved-provider').condition).toMatchObject({
      matched: true,
      why: 'model.provider is "openai": in ["deterministic","openai","anthropic"]',
    });
  });

  it('says why for wrong types, references, regular expressions and relative dates', async () => {
    const leafOf = async (context: unknown, id: string) => {
      const { rules } = await explain(showcase, 'demo.operators', context);
      return rule(rules, id).condition as LeafTrace;
    };
    expect((await leafOf({ risk: { score: '5' } }, 'op-less-than')).why).toBe(
      'risk.score is "5", but lessThan needs a number',
    );
    expect((await leafOf({ shipment: { deliveredAt: '2026-06-10T09:00:00Z' } }, 'date-after-fact')).why).toBe(
      'shipment.deliveredAt is "2026-06-10T09:00:00Z", but shipment.promisedBy (missing) is missing',
    );
    expect((await leafOf({ contact: { email: 'ada@example.org' } }, 'regex-matches')).why).toBe(
      'contact.email is "ada@example.org": not matches /^[^@\\s]+@example\\.com$/i',
    );
    expect((await leafOf({ person: { dateOfBirth: '2008-06-15' } }, 'date-before-relative')).why).toBe(
      'person.dateOfBirth is "2008-06-15": dateBefore now - 18 years (2008-06-15T12:00:00.000Z)',
    );
    expect((await leafOf({ consent: {} }, 'presence-present')).why).toBe('consent.signature is missing');
  });

  it('explains NO_POLICY with no rules', async () => {
    const explanation = await explain(lending, 'loan.approve', {});
    expect(explanation).toMatchObject({ policy: null, rules: [], decision: { reasons: [{ code: 'NO_POLICY' }] } });
  });

  it('formats as text: the decision, then each rule and comparison marked', async () => {
    const text = formatExplanation(
      await explain(lending, 'llm.invoke', {
        applicant: { consent: { aiProcessing: true } },
        model: { provider: 'openai' },
      }),
    );
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'intent llm.invoke: ALLOW under lending-llm@1 (deny-overrides, default deny)',
        '  reason MODEL_APPROVED (rule approved-provider): An approved model provider may assess this application.',
        '  [no]    large-loan -> review LARGE_LOAN (priority 50)',
        '      [no]    loan.amount is missing',
        '  [match] approved-provider -> allow MODEL_APPROVED (priority 10)',
        '  [no]    ai-consent-missing -> deny AI_CONSENT_MISSING (priority 90)',
        '      [no]    not',
        '        [match] applicant.consent.aiProcessing is true: equal true',
      ]),
    );
  });
});
