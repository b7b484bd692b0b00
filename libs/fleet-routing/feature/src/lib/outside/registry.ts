import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { FleetError } from '../errors';

/** The outside system the lookup agent calls. Replace the simulation with a client of the real one. */
export interface FleetRegistry {
  /** The registry's rating of a case (0 worst, 100 best) and its record id. */
  rate(reference: string): Promise<{ rating: number; record: string }>;
}

export const FLEET_REGISTRY = Symbol('fleet.registry');
export const InjectRegistry = () => Inject(FLEET_REGISTRY);

/**
 * The registry, simulated: a seeded rating per reference, the same every time, so tests and demos
 * are reproducible. A reference starting `DOWN-` finds the registry unavailable (a retryable
 * failure), for trying out retries and the breaker.
 *
 * @example await new SimulatedRegistry(42).rate('REF-1001') // { rating: 0..100, record: 'rec-…' }
 */
export class SimulatedRegistry implements FleetRegistry {
  constructor(private readonly seed: number) {}

  async rate(reference: string): Promise<{ rating: number; record: string }> {
    if (reference.startsWith('DOWN-'))
      throw new FleetError('REGISTRY_UNAVAILABLE', `the registry did not answer for ${reference}`);
    const digest = createHash('sha256').update(`${this.seed}:${reference}`).digest();
    return { rating: digest.readUInt16BE(0) % 101, record: `rec-${digest.toString('hex').slice(0, 12)}` };
  }
}
