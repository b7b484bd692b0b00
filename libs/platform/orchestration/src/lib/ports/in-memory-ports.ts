import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Permit, PolicyDecision, PolicyEffect } from '@baton/contracts';
import { hashInput } from '../run/input-hash';
import type { ModelInvocation, ModelPort } from './model.port';
import type { PolicyPort } from './policy.port';

/** A rule of {@link StaticPolicy}: an effect and reason for an intent's context. */
export type StaticRule = (
  intent: string,
  context: Record<string, unknown>,
) => { effect: PolicyEffect; code: string; message: string };

/**
 * A policy port decided by a function, for unit tests and fixtures until `@baton/policy` is
 * wired in. Decisions are deterministic: ids derive from the inputs.
 */
export class StaticPolicy implements PolicyPort {
  readonly decisions: PolicyDecision[] = [];

  constructor(
    private readonly rule: StaticRule,
    private readonly permitTtlMs = 10 * 60_000,
  ) {}

  async decide(request: {
    intent: string;
    context: Record<string, unknown>;
    runId: string;
    stepId: string;
    tenantId: string;
    at: string;
  }): Promise<PolicyDecision> {
    const verdict = this.rule(request.intent, request.context);
    const inputHash = hashInput(request.context);
    const decision: PolicyDecision = {
      decisionId: uuidFrom(`${request.runId}:${request.stepId}:${inputHash}`),
      intent: request.intent,
      effect: verdict.effect,
      reasons: [{ code: verdict.code, message: verdict.message, ruleId: null }],
      obligations: [],
      policyId: 'static',
      policyVersion: '1',
      inputHash,
      decidedAt: request.at,
    };
    this.decisions.push(decision);
    return decision;
  }

  mintPermit(
    decision: PolicyDecision,
    binding: { runId: string; stepId: string; inputHash: string; at: string },
  ): Permit {
    return {
      permitId: uuidFrom(`permit:${decision.decisionId}:${binding.stepId}`),
      decisionId: decision.decisionId,
      intent: decision.intent,
      runId: binding.runId,
      stepId: binding.stepId,
      inputHash: binding.inputHash,
      policyId: decision.policyId,
      policyVersion: decision.policyVersion,
      issuedAt: binding.at,
      expiresAt: new Date(Date.parse(binding.at) + this.permitTtlMs).toISOString(),
    };
  }
}

/** A model port answering from a function of the variables, validated by the step's schema. */
export class ScriptedModel implements ModelPort {
  readonly calls: Array<ModelInvocation<z.ZodType>> = [];

  constructor(private readonly answer: (variables: Record<string, unknown>, stepId: string) => unknown) {}

  async invoke<O extends z.ZodType>(invocation: ModelInvocation<O>): Promise<{ output: z.output<O>; record: null }> {
    this.calls.push(invocation);
    return { output: invocation.output.parse(this.answer(invocation.variables, invocation.stepId)), record: null };
  }
}

/** A UUID-shaped id derived from a string (version nibble 8: custom, deterministic). */
function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
