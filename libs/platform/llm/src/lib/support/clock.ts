/**
 * Where the gateway reads the time: injected so permit checks and latencies replay
 * deterministically in tests.
 *
 * @example const fixed: Clock = { now: () => new Date('2026-11-24T10:00:00Z') };
 */
export interface Clock {
  now(): Date;
}

/** The wall clock, for production composition roots. */
export const systemClock: Clock = { now: () => new Date() };
