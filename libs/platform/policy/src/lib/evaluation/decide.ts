import { LLM_INVOKE_INTENT } from '@baton/contracts';
import { instantSchema, intentSchema, PolicyDecision, PolicyReason } from '@baton/contracts';
import { z } from 'zod';
import { PolicyError } from '../errors/policy-error';
import { combineRules } from './combine';
import type { CompiledPolicy, RuleRun } from './compile-policy';
import { JsonObject, prepareContext } from './context';
import type { PolicySet } from './policy-set';

/**
 * The policy id and version a decision names when no policy governs its intent.
 *
 * @example if (decision.policyId === NO_POLICY_ID) console.warn(`nothing governs ${decision.intent}`);
 */
export const NO_POLICY_ID = 'none';

/**
 * The intent a model call needs an allowing decision for.
 *
 * @example await engine.decide(LLM_INVOKE_INTENT, context, meta);
 */
export { LLM_INVOKE_INTENT };
/**
 * The intent a model's parsed output is judged under before it is accepted.
 *
 * @example await engine.decide(LLM_OUTPUT_ACCEPT_INTENT, { output, floor }, meta);
 */
export const LLM_OUTPUT_ACCEPT_INTENT = 'llm.output.accept';

/** What one decision is made on: the intent, its context, and the injected id and instant. */
export interface DecisionInput {
  readonly intent: string;
  readonly context: unknown;
  readonly decisionId: string;
  /** The decision's instant (ISO 8601 UTC); relative dates in rules are judged from it. */
  readonly at: string;
}

/** A decision with what it was made on, for audit and explanations. */
export interface EvaluatedDecision {
  readonly decision: PolicyDecision;
  /** The canonical context that was judged; null when it was not a JSON object. */
  readonly context: JsonObject | null;
  readonly policy: CompiledPolicy | null;
  /** Every rule of the deciding policy, highest priority first; empty without a policy. */
  readonly runs: readonly RuleRun[];
}

const uuid = z.uuid();

/**
 * Decides one intent against a set of compiled policies: pure and deterministic (no clock, no
 * randomness, no I/O). Odd context never throws: a missing fact is a non-match, a context that is
 * not a JSON object is denied (INVALID_CONTEXT), and an intent no policy governs is denied
 * (NO_POLICY). Only a malformed intent name, id or instant (a caller's bug) throws.
 *
 * @example
 * const { decision } = await evaluateIntent(set, { intent: 'llm.invoke', context, decisionId: randomUUID(), at: '2026-11-24T10:00:00Z' });
 */
export async function evaluateIntent(policies: PolicySet, input: DecisionInput): Promise<EvaluatedDecision> {
  assertInput(input);
  const prepared = prepareContext(input.context);
  const base = {
    decisionId: input.decisionId,
    intent: input.intent,
    inputHash: prepared.inputHash,
    decidedAt: input.at,
  };
  const policy = policies.forIntent(input.intent) ?? null;
  const denied = (code: string, message: string, id = NO_POLICY_ID, version = NO_POLICY_ID): PolicyDecision => ({
    ...base,
    effect: 'deny',
    reasons: [{ code, message, ruleId: null }],
    obligations: [],
    policyId: id,
    policyVersion: version,
  });

  if (!prepared.ok) {
    return {
      decision: denied('INVALID_CONTEXT', prepared.problem, policy?.document.id, policy?.document.version),
      context: null,
      policy,
      runs: [],
    };
  }
  if (!policy) {
    return {
      decision: denied('NO_POLICY', `no active policy governs intent ${input.intent}`),
      context: prepared.context,
      policy: null,
      runs: [],
    };
  }
  let runs: RuleRun[];
  try {
    runs = await policy.run(prepared.context, Date.parse(input.at));
  } catch (error) {
    // Operators and the path resolver do not throw; if the engine still does, fail closed.
    const message = `evaluating ${policy.key} failed: ${(error as Error).message}`;
    return {
      decision: denied('EVALUATION_FAILED', message, policy.document.id, policy.document.version),
      context: prepared.context,
      policy,
      runs: [],
    };
  }
  const outcome = combineRules(
    policy.document,
    runs.filter((run) => run.matched).map((run) => run.rule),
  );
  const decision: PolicyDecision = {
    ...base,
    effect: outcome.effect,
    reasons: outcome.reasons as PolicyReason[],
    obligations: outcome.obligations,
    policyId: policy.document.id,
    policyVersion: policy.document.version,
  };
  return { decision, context: prepared.context, policy, runs };
}

/**
 * {@link evaluateIntent}, returning only the decision.
 *
 * @example const decision = await decideIntent(set, { intent: 'llm.invoke', context, decisionId, at });
 */
export async function decideIntent(policies: PolicySet, input: DecisionInput): Promise<PolicyDecision> {
  return (await evaluateIntent(policies, input)).decision;
}

function assertInput(input: DecisionInput): void {
  const problems = [
    intentSchema.safeParse(input.intent).success
      ? null
      : `intent ${JSON.stringify(input.intent)} must be dotted lowercase, e.g. llm.invoke`,
    uuid.safeParse(input.decisionId).success ? null : `decisionId ${JSON.stringify(input.decisionId)} must be a UUID`,
    instantSchema.safeParse(input.at).success ? null : `at ${JSON.stringify(input.at)} must be an ISO 8601 UTC instant`,
  ].filter((problem): problem is string => problem !== null);
  if (problems.length > 0) throw new PolicyError('INVALID_REQUEST', problems.join('; '));
}
