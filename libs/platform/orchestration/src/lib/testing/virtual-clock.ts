import type { EngineClock } from '../ports/clock';

/**
 * A clock that moves only when told: durable timers, deadlines and `receivedAt`-style stamps in
 * a test all read it, so a day of waiting takes no time.
 *
 * @example const clock = new VirtualClock('2026-03-10T09:00:00Z'); clock.advance(parseDuration('25h'));
 */
export class VirtualClock implements EngineClock {
  private at: number;

  constructor(start: string | Date = '2026-01-01T00:00:00.000Z') {
    this.at = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  /** Moves to an instant; never backwards. */
  set(instant: Date): void {
    this.at = Math.max(this.at, instant.getTime());
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Milliseconds from `500ms`, `30s`, `15m`, `25h`, `2d` (or a number of milliseconds).
 *
 * @example parseDuration('25h') // 90_000_000
 */
export function parseDuration(duration: string | number): number {
  if (typeof duration === 'number') return duration;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(duration.trim());
  if (!match)
    throw new TypeError(`a duration is a number with ms, s, m, h or d, e.g. 25h; got ${JSON.stringify(duration)}`);
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}
