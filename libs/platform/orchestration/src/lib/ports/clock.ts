/** Time and ids reach the engine through this port, so tests and replays control them. */
export interface EngineClock {
  now(): Date;
}

export const systemClock: EngineClock = { now: () => new Date() };
