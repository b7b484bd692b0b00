import { z } from 'zod';
import { instantSchema, intentSchema, reasonCodeSchema, sha256HexSchema } from './common';

export const policyEffectSchema = z.enum(['allow', 'deny', 'review']);
/** allow, deny or review. */
export type PolicyEffect = z.infer<typeof policyEffectSchema>;

export const policyReasonSchema = z.strictObject({
  code: reasonCodeSchema,
  message: z.string().min(1),
  /** The rule that fired; null for a policy's default effect or `NO_POLICY`. */
  ruleId: z.string().min(1).nullable(),
});
export type PolicyReason = z.infer<typeof policyReasonSchema>;

/** Something the caller must honour when acting on an allow or review decision. */
export const obligationSchema = z.discriminatedUnion('type', [
  /** Remove or mask these fields (dotted paths) before any model or log sees the data. */
  z.strictObject({ type: z.literal('redact'), fields: z.array(z.string().min(1)).min(1) }),
  /** Keep a named quantity at or below a limit (an amount, a token budget ...). */
  z.strictObject({ type: z.literal('cap'), name: z.string().min(1), limit: z.number() }),
  /** A person must confirm before the intent takes effect. */
  z.strictObject({ type: z.literal('human_review'), queue: z.string().min(1).nullable() }),
]);
export type Obligation = z.infer<typeof obligationSchema>;

/**
 * The outcome of checking one intent against the active policy version. Shared by the policy
 * engine (which makes it), the orchestration core (which routes on `effect`) and audit.
 */
export const policyDecisionSchema = z.strictObject({
  decisionId: z.uuid(),
  intent: intentSchema,
  effect: policyEffectSchema,
  reasons: z.array(policyReasonSchema),
  obligations: z.array(obligationSchema),
  policyId: z.string().min(1),
  policyVersion: z.string().min(1),
  /** SHA-256 of the canonical JSON of the context the decision was made on. */
  inputHash: sha256HexSchema,
  decidedAt: instantSchema,
});
export type PolicyDecision = z.infer<typeof policyDecisionSchema>;
