import { z } from 'zod';
import { defineMessage } from './messages/define-message';
import { MessageRegistry } from './messages/message-registry';
import { policyDecisionSchema } from './shared/policy-decision';
import { modelCallRequestSchema, modelCallResultSchema } from './shared/model-call';

/** A policy decision was made (recorded for audit, counted for KPIs). */
export const PolicyDecided = defineMessage('baton.policy.decided', 1, policyDecisionSchema);
/** A model call was requested of the gateway. */
export const ModelCallRequested = defineMessage('baton.llm.call-requested', 1, modelCallRequestSchema);
/** A model call produced schema-valid output. */
export const ModelCallCompleted = defineMessage('baton.llm.call-completed', 1, modelCallResultSchema);

/**
 * An agent's typed failure, replied (through its outbox) instead of thrown, so a downstream
 * outage does not burn the queue's delivery limit and the workflow decides what it means.
 */
export const AgentFailed = defineMessage(
  'baton.agent.failed',
  1,
  z.strictObject({ code: z.string().min(1), message: z.string(), retryable: z.boolean() }),
);

/** The messages the platform itself speaks, whatever the vertical. */
export function platformMessages(): MessageRegistry {
  return new MessageRegistry('platform').register(PolicyDecided, ModelCallRequested, ModelCallCompleted, AgentFailed);
}
