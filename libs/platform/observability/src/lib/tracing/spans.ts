import { Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BatonSpanAttributes, spanAttributes } from './span-attributes';

/** The tracer name every Baton span is created with. */
export const BATON_TRACER = 'baton';

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: BatonSpanAttributes;
}

/**
 * Runs `work` inside a new span (a child of the active one) and ends it: status ERROR with the
 * exception's type when `work` throws (the message is not recorded: it may quote input).
 * Uses `@opentelemetry/api` only, so it is a no-op until a process calls `setupTracing`.
 *
 * @example const scored = await withSpan('score applicant', { attributes: { stepId: 'score' } }, () => score(input));
 */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T> | T,
): Promise<T> {
  const tracer = trace.getTracer(BATON_TRACER);
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: spanAttributes(options.attributes ?? {}) },
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorType(error) });
        span.setAttribute('error.type', errorType(error));
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * A span per run activation: `run <workflowId>`.
 *
 * @example await withRunSpan({ workflowId: 'loan.underwrite', runId, version: 1 }, () => engine.advance(runId));
 */
export function withRunSpan<T>(
  run: { workflowId: string; runId: string; version?: number },
  work: (span: Span) => Promise<T> | T,
): Promise<T> {
  return withSpan(
    `run ${run.workflowId}`,
    { attributes: { workflowId: run.workflowId, runId: run.runId, workflowVersion: run.version } },
    work,
  );
}

/**
 * A span per step execution: `step <stepId>`.
 *
 * @example await withStepSpan({ workflowId, runId, stepId: 'kyc', kind: 'agent' }, () => executeStep());
 */
export function withStepSpan<T>(
  step: { workflowId: string; runId: string; stepId: string; kind: string },
  work: (span: Span) => Promise<T> | T,
): Promise<T> {
  return withSpan(
    `step ${step.stepId}`,
    { attributes: { workflowId: step.workflowId, runId: step.runId, stepId: step.stepId, stepKind: step.kind } },
    work,
  );
}

/** What a policy span records of a decision: its effect, version and reason codes, never its texts. */
export interface DecisionSummary {
  readonly effect: 'allow' | 'deny' | 'review';
  readonly policyId: string;
  readonly policyVersion: string;
  readonly reasons: readonly { readonly code: string }[];
}

/**
 * A span around a policy decision: `policy.decide <intent>`, with the effect, policy version
 * and reason codes of the decision `decide` returns.
 *
 * @example const decision = await withPolicySpan({ workflowId, stepId, intent: 'llm.invoke' }, () => policy.decide(request));
 */
export function withPolicySpan<D extends DecisionSummary>(
  gate: { workflowId: string; stepId: string; intent: string },
  decide: () => Promise<D>,
): Promise<D> {
  return withSpan(
    `policy.decide ${gate.intent}`,
    { attributes: { workflowId: gate.workflowId, stepId: gate.stepId, policyIntent: gate.intent } },
    async (span) => {
      const decision = await decide();
      span.setAttributes(
        spanAttributes({
          policyEffect: decision.effect,
          policyId: decision.policyId,
          policyVersion: decision.policyVersion,
          policyReasonCodes: decision.reasons.map((reason) => reason.code),
        }),
      );
      return decision;
    },
  );
}

/** What a model-call span records of a result: model, tokens and cost, never prompt or output. */
export interface ModelCallSummary {
  readonly provider: string;
  readonly model: string;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  readonly costUsd: number;
  readonly attempts?: number;
  readonly fallbackUsed?: boolean;
}

/**
 * A CLIENT span around a model call: `llm.invoke <model>` with `gen_ai.request.model`,
 * `gen_ai.usage.input_tokens`, `gen_ai.usage.output_tokens` and `baton.llm.cost_usd` from
 * the result `invoke` returns (which may be the fallback's model).
 *
 * @example const result = await withModelCallSpan({ workflowId, stepId, model: 'gpt-4o-mini' }, () => model.invoke(request));
 */
export function withModelCallSpan<R extends ModelCallSummary>(
  call: { workflowId: string; stepId: string; model: string; provider?: string },
  invoke: () => Promise<R>,
): Promise<R> {
  const attributes: BatonSpanAttributes = {
    workflowId: call.workflowId,
    stepId: call.stepId,
    llmRequestModel: call.model,
    llmSystem: call.provider,
  };
  return withSpan(`llm.invoke ${call.model}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const result = await invoke();
    span.setAttributes(
      spanAttributes({
        llmSystem: result.provider,
        llmRequestModel: result.model,
        llmInputTokens: result.usage.inputTokens,
        llmOutputTokens: result.usage.outputTokens,
        llmCostUsd: result.costUsd,
        llmAttempts: result.attempts,
        llmFallbackUsed: result.fallbackUsed,
      }),
    );
    return result;
  });
}

function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    return (error as { name?: string }).name ?? 'Error';
  }
  return 'Error';
}
