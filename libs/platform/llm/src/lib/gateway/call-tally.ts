import { LlmError, OutputInvalidError } from '../errors/llm-error';

/**
 * Running totals over every call one invocation makes (repairs, retries and fallbacks included).
 *
 * @example const tally = new CallTally(); tally.attempts += 1; throw tally.failure('loan_risk_assessment');
 */
export class CallTally {
  attempts = 0;
  inputTokens = 0;
  outputTokens = 0;
  costNanoUsd = 0;
  /** The latest answer that did not fit the schema. */
  lastInvalid: { readonly raw: string; readonly issues: readonly string[] } | null = null;
  /** The latest provider failure. */
  lastError: LlmError | null = null;
  readonly ignoredToolCalls = new Set<string>();

  /** The error to raise when no model produced a valid answer: invalid output wins, with its raw text. */
  failure(schemaName: string): LlmError {
    if (this.lastInvalid)
      return new OutputInvalidError(schemaName, this.lastInvalid.raw, this.lastInvalid.issues, this.attempts);
    return this.lastError ?? new LlmError('PROVIDER_UNAVAILABLE', 'no model in the chain answered');
  }
}
