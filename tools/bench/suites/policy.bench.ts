import {
  CompiledPolicy,
  decideIntent,
  parsePolicyDocument,
  PolicyCondition,
  PolicyDocumentInput,
  PolicySet,
} from '@baton/policy';
import type { PairedBenchSuite } from '../harness/bench-suite';

const RULES = 50;

/** A mix of every operator family, three comparisons per rule under all / any / not. */
function conditionFor(index: number): PolicyCondition {
  const templates: PolicyCondition[] = [
    { fact: 'applicant.income', operator: 'greaterThan', value: 20_000 + index * 1_000 },
    { fact: 'applicant.age', operator: 'between', value: [18 + (index % 10), 70] },
    { fact: 'address.country', operator: 'in', value: ['GB', 'IE', 'FR', 'DE'].slice(0, 1 + (index % 4)) },
    { fact: 'applicant.email', operator: 'matches', value: `^[a-z.]+@(example|corp${index})\\.com$`, flags: 'i' },
    { fact: 'applicant.dateOfBirth', operator: 'dateBefore', value: { fromNow: { years: -(18 + (index % 5)) } } },
    { fact: 'applicant.flags', operator: 'contains', value: index % 2 === 0 ? 'vip' : 'new' },
    { fact: 'loan.amount', operator: 'lessThanInclusive', value: 10_000 * (1 + (index % 7)) },
    { fact: 'consent.signature', operator: 'present' },
    { fact: 'loan.purpose', operator: 'notEqual', value: 'gambling' },
    { fact: 'applicant.notes', operator: 'doesNotMatch', value: '\\d{3}-\\d{2}-\\d{4}' },
  ];
  const pick = (offset: number) => templates[(index + offset) % templates.length] as PolicyCondition;
  return { all: [pick(0), { any: [pick(3), { not: pick(7) }] }] };
}

function fiftyRulePolicy(): PolicyDocumentInput {
  return {
    id: 'bench-lending',
    version: '1',
    description: `${RULES} rules over a loan application, every operator family`,
    intents: ['llm.invoke'],
    defaultEffect: 'deny',
    defaultObligations: [{ type: 'redact', fields: ['applicant.ssn'] }],
    rules: Array.from({ length: RULES }, (_unused, index) => ({
      id: `rule-${index}`,
      priority: index % 5,
      condition: conditionFor(index),
      effect: index % 10 === 0 ? 'deny' : index % 7 === 0 ? 'review' : 'allow',
      reason: { code: `RULE_${index}`, message: `rule ${index} fired` },
      obligations:
        index % 10 === 0
          ? []
          : [
              { type: 'redact', fields: [`applicant.field${index % 4}`] },
              { type: 'cap', name: 'tokens', limit: 1_000 + index },
            ],
    })),
  };
}

const context = {
  applicant: {
    name: 'Ada Lovelace',
    ssn: '123-45-6789',
    email: 'ada.lovelace@example.com',
    dateOfBirth: '1990-05-01',
    age: 36,
    income: 52_000,
    flags: ['vip', 'returning'],
    notes: 'Prefers email contact.',
  },
  address: { line1: '12 St James Square', city: 'London', country: 'GB', postcode: 'SW1Y 4JH' },
  loan: { amount: 25_000, currency: 'GBP', termMonths: 48, purpose: 'car' },
  consent: { aiProcessing: true, signature: 'A. Lovelace', signedAt: '2026-11-01T09:30:00Z' },
  model: { provider: 'deterministic', name: 'underwriter-v1' },
};

/**
 * The policy engine deciding one intent in process under a 50-rule policy compiled once: the
 * production path of `PolicyEngine.decide` minus the store's generation read and the audit append
 * (canonical JSON and SHA-256 of the context, json-rules-engine evaluation, combining).
 * Floor: one awaited async call that parses the same context from JSON, the least any in-process
 * asynchronous check of this input costs.
 */
export const policySuite: PairedBenchSuite = {
  description: 'evaluation of a 50-rule policy in process (decideIntent), against an async JSON.parse of the context',
  warmup: 3_000,
  samples: 20_000,
  async setUp() {
    const document = parsePolicyDocument(fiftyRulePolicy(), 'bench policy');
    const policies = PolicySet.of([CompiledPolicy.compile(document)]);
    const input = {
      intent: 'llm.invoke',
      context,
      decisionId: '00000000-0000-4000-8000-000000000000',
      at: '2026-11-24T10:00:00Z',
    };
    const decision = await decideIntent(policies, input);
    const contextJson = JSON.stringify(context);
    const parseAsync = async () => JSON.parse(contextJson) as unknown;
    const conditions = JSON.stringify(document.rules.map((rule) => rule.condition)).match(/"operator"/g)?.length ?? 0;
    return {
      subject: { label: `decide under a ${RULES}-rule policy`, run: () => decideIntent(policies, input) },
      floor: { label: 'await async JSON.parse(context)', run: parseAsync },
      details: {
        rules: document.rules.length,
        comparisons: conditions,
        contextBytes: contextJson.length,
        sampleDecision: { effect: decision.effect, reasons: decision.reasons.length },
      },
    };
  },
};
