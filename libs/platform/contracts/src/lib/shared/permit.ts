import { z } from 'zod';
import { instantSchema, intentSchema, sha256HexSchema } from './common';

/**
 * The intent a model call needs an allowing decision for: policy steps ask it, the permit it
 * mints names it, and the gateway and the workflow checker look for it. Defined here, once.
 */
export const LLM_INVOKE_INTENT = 'llm.invoke';

/**
 * Proof that an allowing {@link PolicyDecision} covers one step of one run on one input. A model
 * step refuses to run without a permit that matches it (see {@link permitCovers}).
 */
export const permitSchema = z.strictObject({
  permitId: z.uuid(),
  decisionId: z.uuid(),
  intent: intentSchema,
  runId: z.string().min(1),
  stepId: z.string().min(1),
  inputHash: sha256HexSchema,
  policyId: z.string().min(1),
  policyVersion: z.string().min(1),
  issuedAt: instantSchema,
  expiresAt: instantSchema,
});
export type Permit = z.infer<typeof permitSchema>;

/** What a step presents when it wants to use a permit. */
export interface PermitUse {
  readonly intent: string;
  readonly runId: string;
  readonly stepId: string;
  readonly inputHash: string;
  /** The current instant, injected so checks replay deterministically. */
  readonly at: string;
}

/**
 * Why a permit does not cover a use, or null when it does.
 *
 * @example if (permitMismatch(permit, use)) throw new Error('model step needs an allowing decision');
 */
export function permitMismatch(permit: Permit, use: PermitUse): string | null {
  if (permit.intent !== use.intent) return `permit is for intent ${permit.intent}, not ${use.intent}`;
  if (permit.runId !== use.runId) return `permit is for run ${permit.runId}, not ${use.runId}`;
  if (permit.stepId !== use.stepId) return `permit is for step ${permit.stepId}, not ${use.stepId}`;
  if (permit.inputHash !== use.inputHash) return 'permit was issued for a different input';
  if (Date.parse(use.at) >= Date.parse(permit.expiresAt)) return `permit expired at ${permit.expiresAt}`;
  return null;
}
