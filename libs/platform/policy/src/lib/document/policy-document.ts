import { z } from 'zod';
import { instantSchema, intentSchema, obligationSchema, policyEffectSchema, reasonCodeSchema } from '@baton/contracts';
import { conditionSchema } from './condition-schema';

/**
 * Reason codes the engine itself gives; a rule may not claim them.
 *
 * @example RESERVED_REASON_CODES.includes('NO_POLICY') // true
 */
export const RESERVED_REASON_CODES = ['NO_POLICY', 'NO_RULE_MATCHED', 'INVALID_CONTEXT', 'EVALUATION_FAILED'] as const;

/**
 * How the effects of the rules that fired become one effect. `deny-overrides` (the default):
 * deny beats review beats allow. `allow-overrides`: allow beats review beats deny.
 * `first-applicable`: the fired rule with the highest priority decides alone.
 *
 * @example combiningSchema.parse('first-applicable')
 */
export const combiningSchema = z.enum(['deny-overrides', 'allow-overrides', 'first-applicable']);
export type Combining = z.infer<typeof combiningSchema>;

const reasonSchema = z.strictObject({
  code: reasonCodeSchema.refine(
    (code) => !(RESERVED_REASON_CODES as readonly string[]).includes(code),
    'is reserved for the engine',
  ),
  message: z.string().min(1, 'must not be empty'),
});

/**
 * One rule: a condition, the effect when it fires, its reason and its obligations.
 *
 * @example policyRuleSchema.parse({ id: 'big', condition: { fact: 'loan.amount', operator: 'greaterThan', value: 1e5 }, effect: 'review', reason: { code: 'BIG', message: 'big' } });
 */
export const policyRuleSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, dots, dashes or underscores, e.g. dti-limit'),
  description: z.string().optional(),
  /** Higher first: orders reasons, and decides alone under `first-applicable`. */
  priority: z.int().default(0),
  condition: conditionSchema,
  effect: policyEffectSchema,
  /** The reason code and the human message a decision carries when this rule decides. */
  reason: reasonSchema,
  /** What the caller must honour when this rule allows or asks for review. */
  obligations: z.array(obligationSchema).default([]),
});
export type PolicyRule = z.output<typeof policyRuleSchema>;

/**
 * One row of a policy's table tests: intent and context in, effect and reasons out.
 *
 * @example { "name": "no consent", "intent": "llm.invoke", "context": {}, "expect": { "effect": "deny", "reasons": ["AI_CONSENT_MISSING"] } }
 */
export const policyTestCaseSchema = z.strictObject({
  name: z.string().min(1),
  intent: intentSchema,
  context: z.record(z.string(), z.json()),
  /** The decision's instant; relative dates are judged from it. Defaults to {@link DEFAULT_TEST_INSTANT}. */
  at: instantSchema.optional(),
  expect: z.strictObject({
    effect: policyEffectSchema,
    /** Reason codes, in any order; omitted means not checked. */
    reasons: z.array(reasonCodeSchema).optional(),
    obligations: z.array(obligationSchema).optional(),
  }),
});
export type PolicyTestCase = z.output<typeof policyTestCaseSchema>;

/**
 * When a table test gives no `at`: fixed, so relative dates in tests never drift.
 *
 * @example test.at ?? DEFAULT_TEST_INSTANT
 */
export const DEFAULT_TEST_INSTANT = '2026-01-01T00:00:00Z';

/**
 * A policy document, strict at every level; use {@link validatePolicyDocument} for messages that
 * name the rule and the field.
 *
 * @example const document = policyDocumentSchema.parse(JSON.parse(text));
 */
export const policyDocumentSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, e.g. lending-llm'),
    version: z
      .string()
      .regex(
        /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/,
        'must be a short string of letters, digits, dots or dashes, e.g. "3"',
      ),
    description: z.string().min(1, 'must not be empty'),
    /** The intents this policy governs; an intent no active policy governs is denied (NO_POLICY). */
    intents: z.array(intentSchema).min(1, 'must list at least one intent'),
    combining: combiningSchema.default('deny-overrides'),
    /** The effect when no rule fires. */
    defaultEffect: policyEffectSchema,
    defaultReason: reasonSchema.optional(),
    /** Attached to every allow and review decision of this policy. */
    defaultObligations: z.array(obligationSchema).default([]),
    rules: z.array(policyRuleSchema),
    tests: z.array(policyTestCaseSchema).optional(),
  })
  .superRefine((document, context) => {
    const seen = new Map<string, number>();
    document.rules.forEach((rule, index) => {
      const first = seen.get(rule.id);
      if (first !== undefined)
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'id'],
          message: `duplicate rule id "${rule.id}" (also rules[${first}])`,
        });
      else seen.set(rule.id, index);
      if (rule.effect === 'deny' && rule.obligations.length > 0) {
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'obligations'],
          message: 'a deny rule has no obligations: nothing is carried out',
        });
      }
    });
    document.intents.forEach((intent, index) => {
      if (document.intents.indexOf(intent) !== index)
        context.addIssue({ code: 'custom', path: ['intents', index], message: `duplicate intent "${intent}"` });
    });
  });

/** A validated policy document: versioned compliance rules as data. */
export type PolicyDocument = z.output<typeof policyDocumentSchema>;
/** A document as authored (defaults not yet filled in). */
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;
