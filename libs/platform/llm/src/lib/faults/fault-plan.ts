import type { JsonObject } from '../support/json';
import { seededRandom } from '../support/seeded-random';

/** One thing that can go wrong with a model call. */
export type Fault =
  /** Answer normally, but only after `ms`. */
  | { readonly kind: 'latency'; readonly ms: number }
  /** Never answer (until the caller's timeout aborts the call). */
  | { readonly kind: 'hang' }
  /** The provider fails, like an HTTP 500. */
  | { readonly kind: 'error'; readonly message?: string }
  /** The provider throttles, like an HTTP 429. */
  | { readonly kind: 'rate_limit'; readonly retryAfterMs?: number }
  /** Tool arguments that are not JSON at all. */
  | { readonly kind: 'malformed_json' }
  /** Tool arguments cut off half-way, as when output hits a token limit. */
  | { readonly kind: 'truncated_json' }
  /** Well-formed arguments that do not fit the schema (default: `{ "unexpected": true }`). */
  | { readonly kind: 'schema_violation'; readonly args?: JsonObject }
  /** The answer echoes instructions injected in the data, in `field`, and calls an extra tool. */
  | { readonly kind: 'echo_injection'; readonly field: string; readonly text?: string; readonly extraTool?: string }
  /** The answer's `field` (a rationale) cites a protected attribute. */
  | { readonly kind: 'protected_attribute'; readonly field: string; readonly text?: string };

/** Which fault, if any, the n-th call (0-based) of a wrapped model suffers. */
export interface FaultPlan {
  faultFor(callIndex: number): Fault | null;
}

/**
 * Faults in a fixed order: call n gets `faults[n]`; `null` or past the end means no fault.
 *
 * @example faultSequence([{ kind: 'malformed_json' }, null]) // first call malformed, then healthy
 */
export function faultSequence(faults: readonly (Fault | null)[]): FaultPlan {
  return { faultFor: (callIndex) => faults[callIndex] ?? null };
}

/**
 * Random faults, reproducible from a seed: each call suffers one of `faults` with probability
 * `rate`. The draw depends only on the seed and the call's index.
 *
 * @example seededFaults({ seed: 7, rate: 0.2, faults: [{ kind: 'error' }, { kind: 'truncated_json' }] })
 */
export function seededFaults(options: {
  readonly seed: number;
  readonly rate: number;
  readonly faults: readonly Fault[];
}): FaultPlan {
  return {
    faultFor: (callIndex) => {
      const random = seededRandom((options.seed * 0x9e3779b1 + callIndex) >>> 0);
      if (options.faults.length === 0 || random() >= options.rate) return null;
      return options.faults[Math.floor(random() * options.faults.length)] ?? null;
    },
  };
}
