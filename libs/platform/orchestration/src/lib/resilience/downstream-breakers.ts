import {
  CircuitBreakerPolicy,
  CircuitState as CockatielState,
  circuitBreaker,
  ConsecutiveBreaker,
  handleWhen,
  timeout,
  TimeoutStrategy,
} from 'cockatiel';
import { isBatonError } from '@baton/contracts';
import { OrchestrationError } from '../definition/errors';
import type { CircuitState, OrchestrationObserver } from '../ports/observer.port';
import { isBrokenCircuit, isCockatielTimeout } from './cockatiel-errors';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  readonly consecutiveFailures?: number;
  /** How long the circuit stays open before one probe call is let through. Default 10 s. */
  readonly halfOpenAfterMs?: number;
  /** A deadline for each call (aggressive: the caller is released at once). None by default. */
  readonly callTimeoutMs?: number;
}

const STATE_NAMES: Record<CockatielState, CircuitState> = {
  [CockatielState.Closed]: 'closed',
  [CockatielState.Open]: 'open',
  [CockatielState.HalfOpen]: 'half-open',
  [CockatielState.Isolated]: 'isolated',
};

/**
 * One cockatiel circuit breaker per downstream dependency (a credit bureau, a sanctions list),
 * shared by every handler in a worker that calls it. While a circuit is open calls are refused
 * without touching the dependency, as a retryable `CIRCUIT_OPEN` error: an agent replies it as a
 * typed failure and the engine retries with backoff, so an outage costs no retry storm. Only
 * failures that say the dependency is unwell count (retryable errors and unknown errors); a
 * terminal business error (an unknown applicant) does not open the circuit.
 *
 * Retries are deliberately not cockatiel's: they live in the engine as durable timers.
 *
 * @example
 * const breakers = new DownstreamBreakers({ consecutiveFailures: 3, halfOpenAfterMs: 5_000 }, observer);
 * const report = await breakers.execute('credit-bureau', () => bureau.pull(ssnToken));
 */
export class DownstreamBreakers {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();
  private readonly calls = new Map<string, number>();

  constructor(
    private readonly options: BreakerOptions = {},
    private readonly observer: OrchestrationObserver = {},
  ) {}

  /** Runs `call` under the dependency's breaker (and call timeout, when configured). */
  async execute<T>(dependency: string, call: () => Promise<T>): Promise<T> {
    const breaker = this.breaker(dependency);
    try {
      return await breaker.execute(async () => {
        this.calls.set(dependency, (this.calls.get(dependency) ?? 0) + 1);
        if (this.options.callTimeoutMs === undefined) return call();
        return timeout(this.options.callTimeoutMs, TimeoutStrategy.Aggressive).execute(() => call());
      });
    } catch (error) {
      if (isBrokenCircuit(error)) {
        throw new OrchestrationError(
          'CIRCUIT_OPEN',
          `${dependency}'s circuit is ${this.state(dependency)}: the call was not made`,
          { cause: error },
        );
      }
      if (isCockatielTimeout(error)) {
        throw new OrchestrationError(
          'STEP_TIMED_OUT',
          `${dependency} did not answer within ${this.options.callTimeoutMs} ms`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  state(dependency: string): CircuitState {
    const breaker = this.breakers.get(dependency);
    return breaker ? STATE_NAMES[breaker.state] : 'closed';
  }

  /** Calls let through to the dependency (refused calls are not counted): for tests and metrics. */
  callsMade(dependency: string): number {
    return this.calls.get(dependency) ?? 0;
  }

  private breaker(dependency: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(dependency);
    if (!breaker) {
      breaker = circuitBreaker(handleWhen(countsAgainstDependency), {
        halfOpenAfter: this.options.halfOpenAfterMs ?? 10_000,
        breaker: new ConsecutiveBreaker(this.options.consecutiveFailures ?? 5),
      });
      breaker.onStateChange((state) => this.observer.circuitStateChanged?.({ dependency, state: STATE_NAMES[state] }));
      this.breakers.set(dependency, breaker);
    }
    return breaker;
  }
}

function countsAgainstDependency(error: unknown): boolean {
  return !isBatonError(error) || error.retryable;
}
