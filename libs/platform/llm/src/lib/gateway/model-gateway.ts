import type { ModelCallRequest, ModelCallResult, Obligation, Permit } from '@baton/contracts';
import type { OutputSchema } from '../output/output-schema';
import type { PromptTemplate } from '../prompts/prompt-template';
import type { JsonObject } from '../support/json';

/** One structured model call, as the orchestration core asks for it. */
export interface ModelInvocation<T> {
  readonly runId: string;
  readonly stepId: string;
  readonly tenantId: string;
  /** Minted by the allowing `llm.invoke` decision for this run, step and input. */
  readonly permit: Permit;
  /** The input hash the permit was issued over; default {@link hashModelInput} of `variables`. */
  readonly inputHash?: string;
  readonly prompt: PromptTemplate;
  /** Template variables as the step holds them; redaction happens inside the gateway. */
  readonly variables: JsonObject;
  /** The schema the answer must fill. */
  readonly output: OutputSchema<T>;
  /** The decision's obligations: `redact` fields are masked before rendering; a `cap` named `llm.run_cost_usd` is a budget. */
  readonly obligations?: readonly Obligation[];
  /** Optional budget for the whole run, in USD. */
  readonly maxCostUsd?: number;
}

/** A schema-valid answer and everything recorded about how it was obtained. */
export interface ModelInvocationResult<T> {
  /** The parsed output: only what the schema allows. */
  readonly output: T;
  /** The contract record of the request, with variables as redacted. */
  readonly request: ModelCallRequest;
  /** The contract record of the result. */
  readonly result: ModelCallResult;
  /** Exact cost of every call made, in integer nano-USD (`result.costUsd` is this in USD). */
  readonly costNanoUsd: number;
  /** SHA-256 of the rendered prompt and its tool: the key recordings are filed under. */
  readonly promptHash: string;
  readonly redactedFields: readonly string[];
  /** Redaction paths that matched no field. */
  readonly unmatchedRedactions: readonly string[];
  /** Tools the model tried to call besides the schema's; ignored. */
  readonly ignoredToolCalls: readonly string[];
}

/**
 * The port the orchestration core calls to use a model. It refuses to run without a matching
 * permit, redacts, renders a versioned prompt, and returns schema-valid output or a typed error.
 *
 * @example
 * const { output, result } = await gateway.invoke({ runId, stepId, tenantId, permit, prompt, variables, output: riskAssessment });
 */
export interface ModelGateway {
  invoke<T>(invocation: ModelInvocation<T>): Promise<ModelInvocationResult<T>>;
}
