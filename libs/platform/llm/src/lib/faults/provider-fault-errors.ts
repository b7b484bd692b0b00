/**
 * What an injected provider failure throws: shaped like the SDK errors LangChain providers
 * raise (an HTTP `status`), so the gateway classifies both the same way.
 *
 * @example throw new InjectedProviderError('injected 503', 503);
 */
export class InjectedProviderError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = status === 429 ? 'RateLimitError' : 'InjectedProviderError';
  }
}
