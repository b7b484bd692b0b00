import { isLlmError, LlmError } from '../errors/llm-error';

// Our own errors that say nothing about the provider's health.
const NOT_THE_PROVIDERS_FAULT = new Set([
  'PROMPT_INVALID',
  'CONFIGURATION_INVALID',
  'RULE_MISSING',
  'REPLAY_MISS',
  'BUDGET_EXCEEDED',
  'PERMIT_REQUIRED',
]);

/**
 * True when an error from a model call should count against the provider's circuit breaker:
 * anything but the gateway's own configuration and replay errors.
 *
 * @example countsAgainstProvider(new Error('ECONNRESET')) // true
 */
export function countsAgainstProvider(error: unknown): boolean {
  return !(isLlmError(error) && NOT_THE_PROVIDERS_FAULT.has(error.code));
}

/**
 * Maps whatever a provider call threw onto the gateway's catalogue: cockatiel's timeout and
 * open-circuit errors, HTTP 429 from any SDK, and everything else as PROVIDER_UNAVAILABLE.
 *
 * @example throw classifyProviderError(error, 'openai', 30_000);
 */
export function classifyProviderError(error: unknown, provider: string, timeoutMs: number): LlmError {
  if (isLlmError(error)) return error;
  if (hasMarker(error, 'isTaskCancelledError'))
    return new LlmError('TIMEOUT', `${provider} did not answer within ${timeoutMs} ms`, { cause: error, provider });
  if (hasMarker(error, 'isBrokenCircuitError')) {
    return new LlmError(
      'CIRCUIT_OPEN',
      `${provider}'s circuit is open after repeated failures; the call was not made`,
      { cause: error, provider },
    );
  }
  // Duck-typed: provider SDK errors may come from another copy of a package or another realm.
  const { status, name, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    name?: unknown;
    message?: unknown;
  };
  if (status === 429 || name === 'RateLimitError')
    return new LlmError('RATE_LIMITED', `${provider} is rate limiting calls`, { cause: error, provider });
  const detail = typeof message === 'string' ? message : String(error);
  return new LlmError('PROVIDER_UNAVAILABLE', `${provider} failed: ${detail}`, { cause: error, provider });
}

// cockatiel 3.2.1's own isTaskCancelledError and isIsolatedCircuitError test for the wrong
// marker (`isBulkheadRejectedError`), so its errors are recognised by their markers here.
// An IsolatedCircuitError is a BrokenCircuitError and carries both markers.
function hasMarker(error: unknown, marker: 'isTaskCancelledError' | 'isBrokenCircuitError'): boolean {
  return typeof error === 'object' && error !== null && (error as Record<string, unknown>)[marker] === true;
}
