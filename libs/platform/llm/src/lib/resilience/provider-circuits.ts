import {
  CircuitBreakerPolicy,
  CircuitState,
  circuitBreaker,
  ConsecutiveBreaker,
  handleWhen,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
} from 'cockatiel';
import { classifyProviderError, countsAgainstProvider } from './classify-provider-error';

/** A breaker's state, named for metrics and logs. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

/** Emitted whenever a provider's breaker changes state (for metrics: count opens per provider). */
export interface BreakerStateChange {
  readonly provider: string;
  readonly state: BreakerState;
}

export interface BreakerSettings {
  /** Consecutive failed calls (timeouts included) that open the circuit. Default 5. */
  readonly consecutiveFailures: number;
  /** How long the circuit stays open before one trial call. Default 30 s. */
  readonly halfOpenAfterMs: number;
}

export const defaultBreakerSettings: BreakerSettings = { consecutiveFailures: 5, halfOpenAfterMs: 30_000 };

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * One cockatiel circuit breaker per provider around a per-call timeout, so a provider that
 * hangs or fails repeatedly is cut off (CIRCUIT_OPEN, no call made) until a trial call succeeds.
 * Errors come out classified (TIMEOUT, CIRCUIT_OPEN, RATE_LIMITED, PROVIDER_UNAVAILABLE).
 *
 * @example
 * const circuits = new ProviderCircuits(defaultBreakerSettings, (change) => metrics.breaker.inc(change));
 * const answer = await circuits.execute('openai', 30_000, (signal) => model.invoke(messages, { signal }));
 */
export class ProviderCircuits {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(
    private readonly settings: BreakerSettings = defaultBreakerSettings,
    private readonly onStateChange?: (change: BreakerStateChange) => void,
  ) {}

  /** Runs `call` under the provider's breaker and a timeout whose signal aborts the call. */
  async execute<T>(provider: string, timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    // Aggressive: the timeout rejects at once even if the provider ignores the abort signal.
    const deadline = timeout(timeoutMs, TimeoutStrategy.Aggressive);
    let timedOut = false;
    deadline.onTimeout(() => {
      timedOut = true;
    });
    try {
      return await this.breaker(provider).execute(() => deadline.execute(({ signal }) => call(signal)));
    } catch (error) {
      // The aborted call may reject (with LangChain's AbortError) before cockatiel's own timeout
      // error does; either way it was the deadline.
      throw classifyProviderError(
        timedOut ? new TaskCancelledError(`timed out after ${timeoutMs} ms`) : error,
        provider,
        timeoutMs,
      );
    }
  }

  /** The provider's breaker state (closed for a provider never called). */
  state(provider: string): BreakerState {
    const breaker = this.breakers.get(provider);
    return breaker ? STATE_NAMES[breaker.state] : 'closed';
  }

  private breaker(provider: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(provider);
    if (!breaker) {
      breaker = circuitBreaker(handleWhen(countsAgainstProvider), {
        halfOpenAfter: this.settings.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(this.settings.consecutiveFailures),
      });
      breaker.onStateChange((state) => this.onStateChange?.({ provider, state: STATE_NAMES[state] }));
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }
}
