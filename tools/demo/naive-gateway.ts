import { randomUUID } from 'node:crypto';
import type { Permit } from '@baton/contracts';
import {
  ChatModelGateway,
  createModelChain,
  DeterministicRules,
  FaultInjectingChatModel,
  hashModelInput,
  JsonObject,
  ModelGateway,
  readLlmConfig,
} from '@baton/llm';

/**
 * A naive pipeline's model: the given deterministic rules behind the same gateway as the
 * workers', each call slowed by `latencyMs` (a hosted model's round trip).
 *
 * @example const gateway = await naiveGateway(loanDeterministicRules(), 800);
 */
export async function naiveGateway(rules: DeterministicRules, latencyMs: number): Promise<ModelGateway> {
  const models = await createModelChain(readLlmConfig({ LLM_PROVIDER: 'deterministic' }), { rules });
  if (latencyMs <= 0) return new ChatModelGateway({ models });
  return new ChatModelGateway({
    models: models.map((model) => ({
      ...model,
      chatModel: new FaultInjectingChatModel({
        inner: model.chatModel,
        plan: { faultFor: () => ({ kind: 'latency', ms: latencyMs }) },
      }),
    })),
  });
}

/**
 * The permit a pipeline without a gate hands itself. The gateway refuses any call without one; a
 * model-first pipeline has no decision to mint it from, so it forges its own: exactly the step
 * Baton's workflow check rejects at definition time.
 *
 * @example gateway.invoke({ ..., permit: selfIssuedPermit(runId, 'assess', variables) });
 */
export function selfIssuedPermit(runId: string, stepId: string, variables: JsonObject): Permit {
  const now = new Date();
  return {
    permitId: randomUUID(),
    decisionId: randomUUID(),
    intent: 'llm.invoke',
    runId,
    stepId,
    inputHash: hashModelInput(variables),
    policyId: 'none (naive pipeline)',
    policyVersion: '0',
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 600_000).toISOString(),
  };
}
