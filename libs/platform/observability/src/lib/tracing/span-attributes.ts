import type { Attributes } from '@opentelemetry/api';

/**
 * The only attribute names Baton's span helpers write. Spans leave the process (OTLP), so they
 * carry identifiers and measurements, never payloads, prompts, model output or reason texts,
 * which may hold personal data. Names follow the OpenTelemetry semantic conventions where one
 * exists (`gen_ai.*`, `messaging.*`, `http.*`).
 */
export const SPAN_ATTRIBUTES = {
  workflowId: 'baton.workflow.id',
  workflowVersion: 'baton.workflow.version',
  runId: 'baton.run.id',
  stepId: 'baton.step.id',
  stepKind: 'baton.step.kind',
  outcome: 'baton.outcome',
  policyIntent: 'baton.policy.intent',
  policyEffect: 'baton.policy.effect',
  policyId: 'baton.policy.id',
  policyVersion: 'baton.policy.version',
  policyReasonCodes: 'baton.policy.reason_codes',
  llmSystem: 'gen_ai.system',
  llmRequestModel: 'gen_ai.request.model',
  llmInputTokens: 'gen_ai.usage.input_tokens',
  llmOutputTokens: 'gen_ai.usage.output_tokens',
  llmCostUsd: 'baton.llm.cost_usd',
  llmAttempts: 'baton.llm.attempts',
  llmFallbackUsed: 'baton.llm.fallback_used',
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatus: 'http.response.status_code',
} as const;

export type SpanAttributeKey = keyof typeof SPAN_ATTRIBUTES;

/** Allow-listed span attributes by key: anything else cannot be expressed. */
export type BatonSpanAttributes = Partial<Record<SpanAttributeKey, string | number | boolean | readonly string[]>>;

/**
 * Maps allow-listed keys to their attribute names, dropping unknown keys and empty values, so a
 * caller passing an object through an `as` cast still cannot smuggle a payload onto a span.
 *
 * @example spanAttributes({ workflowId: 'loan.underwrite', stepId: 'score' }) // { 'baton.workflow.id': ..., 'baton.step.id': ... }
 */
export function spanAttributes(input: BatonSpanAttributes): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(input)) {
    const name = SPAN_ATTRIBUTES[key as SpanAttributeKey];
    if (name === undefined || value === undefined || value === null) continue;
    attributes[name] = Array.isArray(value) ? [...(value as string[])] : (value as string | number | boolean);
  }
  return attributes;
}
