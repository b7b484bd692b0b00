import { BatonError, ErrorCatalogue, isBatonError } from '@baton/contracts';

/**
 * Every failure the model gateway raises on purpose. Provider-side trouble is retryable (the
 * orchestration core backs off and tries the step again); everything else is a fact about the
 * request, configuration or output that trying again cannot change.
 */
export const llmErrorCodes = {
  /** No permit, or one that does not cover this intent, run, step, input or instant. */
  PERMIT_REQUIRED: { httpStatus: 403, outcome: 'dead-letter', retryable: false },
  /** Template variables missing or undeclared, or a template that cannot be rendered. */
  PROMPT_INVALID: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
  /** No schema-valid answer after repair, retries and every fallback model; carries the raw output. */
  OUTPUT_INVALID: { httpStatus: 502, outcome: 'dead-letter', retryable: false },
  /** The call could cost more than the run's budget has left; refused before it was made. */
  BUDGET_EXCEEDED: { httpStatus: 402, outcome: 'dead-letter', retryable: false },
  /** The provider failed (network, 5xx, auth ...). */
  PROVIDER_UNAVAILABLE: { httpStatus: 503, outcome: 'retry', retryable: true },
  /** The provider's circuit is open after consecutive failures; the call was not made. */
  CIRCUIT_OPEN: { httpStatus: 503, outcome: 'retry', retryable: true },
  /** The provider did not answer within the configured timeout. */
  TIMEOUT: { httpStatus: 504, outcome: 'retry', retryable: true },
  /** The provider throttled the call. */
  RATE_LIMITED: { httpStatus: 429, outcome: 'retry', retryable: true },
  /** LLM_PROVIDER names a provider whose LangChain package is not installed. */
  PROVIDER_NOT_INSTALLED: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
  /** Bad LLM configuration: unknown provider or model price, a model without tool calling ... */
  CONFIGURATION_INVALID: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
  /** The deterministic model has no rule for the schema it was asked to fill. */
  RULE_MISSING: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
  /** Replay found no recorded response for this model and prompt. */
  REPLAY_MISS: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
} as const satisfies ErrorCatalogue<string>;

export type LlmErrorCode = keyof typeof llmErrorCodes;

/**
 * The one error class of `@baton/llm`; see {@link llmErrorCodes}. Check with {@link isLlmError}.
 *
 * @example
 * try { await gateway.invoke(call); } catch (error) { if (isLlmError(error, 'BUDGET_EXCEEDED')) stopRun(); }
 */
export class LlmError extends BatonError<LlmErrorCode> {
  constructor(code: LlmErrorCode, message: string, options?: { cause?: unknown; provider?: string }) {
    super(code, llmErrorCodes[code], message, options);
    this.provider = options?.provider ?? null;
  }

  /** The provider the error concerns, when there is one. */
  readonly provider: string | null;
}

/**
 * Output that never satisfied its schema. `rawOutput` is the last answer as the model sent it.
 *
 * @example if (isOutputInvalidError(error)) await review.open({ raw: error.rawOutput, issues: error.issues });
 */
export class OutputInvalidError extends LlmError {
  constructor(
    readonly schemaName: string,
    readonly rawOutput: string,
    readonly issues: readonly string[],
    readonly attempts: number,
  ) {
    super('OUTPUT_INVALID', `no answer satisfied ${schemaName} after ${attempts} call(s): ${issues.join('; ')}`);
  }
}

/**
 * A call refused because it could take the run past its budget. Amounts are integer nano-USD.
 *
 * @example if (isBudgetExceededError(error)) log.warn({ spent: error.spentNanoUsd, budget: error.budgetNanoUsd });
 */
export class BudgetExceededError extends LlmError {
  constructor(
    readonly runId: string,
    readonly budgetNanoUsd: number,
    readonly spentNanoUsd: number,
    readonly estimateNanoUsd: number,
  ) {
    super(
      'BUDGET_EXCEEDED',
      `run ${runId}: a call estimated at ${estimateNanoUsd} nano-USD on top of ${spentNanoUsd} spent would exceed the budget of ${budgetNanoUsd}`,
    );
  }
}

/**
 * True for an {@link LlmError} (optionally with one code), across package copies.
 *
 * @example if (isLlmError(error, 'TIMEOUT')) metrics.timeouts.inc();
 */
export function isLlmError(value: unknown, code?: LlmErrorCode): value is LlmError {
  if (!isBatonError(value) || !(value.code in llmErrorCodes)) return false;
  return code === undefined || value.code === code;
}

/**
 * True for an {@link OutputInvalidError}, across package copies.
 *
 * @example if (isOutputInvalidError(error)) console.error(error.rawOutput);
 */
export function isOutputInvalidError(value: unknown): value is OutputInvalidError {
  return isLlmError(value, 'OUTPUT_INVALID') && typeof (value as OutputInvalidError).rawOutput === 'string';
}

/**
 * True for a {@link BudgetExceededError}, across package copies.
 *
 * @example if (isBudgetExceededError(error)) endRun('budget');
 */
export function isBudgetExceededError(value: unknown): value is BudgetExceededError {
  return isLlmError(value, 'BUDGET_EXCEEDED') && typeof (value as BudgetExceededError).budgetNanoUsd === 'number';
}
