import { z } from 'zod';

/** Date-only, or a date-time with an explicit zone: a local time would make a decision depend on the machine's zone. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * The calendar units a relative time may shift by.
 *
 * @example { "fromNow": { "years": -18, "days": 1 } }
 */
export const relativeUnits = ['years', 'months', 'days', 'hours', 'minutes'] as const;
export type RelativeUnit = (typeof relativeUnits)[number];

/** A time relative to the decision's injected instant, e.g. `{ "fromNow": { "years": -18 } }`. */
export interface RelativeTime {
  readonly fromNow: Readonly<Partial<Record<RelativeUnit, number>>>;
}

/**
 * A date in a policy document: a date, or a date-time with a zone.
 *
 * @example isoDateSchema.parse('2026-01-31T09:00:00Z')
 */
export const isoDateSchema = z
  .string()
  .refine(
    (value) => !Number.isNaN(toEpochMs(value)),
    'must be an ISO 8601 date (2026-01-31) or a date-time with a zone (2026-01-31T09:00:00Z)',
  );

/**
 * A time relative to the decision's instant.
 *
 * @example relativeTimeSchema.parse({ fromNow: { years: -18 } })
 */
export const relativeTimeSchema = z.strictObject({
  fromNow: z
    .strictObject(
      Object.fromEntries(relativeUnits.map((unit) => [unit, z.int().optional()])) as Record<
        RelativeUnit,
        z.ZodOptional<z.ZodInt>
      >,
    )
    .refine(
      (offset) => Object.values(offset).some((amount) => amount !== undefined),
      'must name at least one of years, months, days, hours, minutes',
    ),
});

/**
 * Milliseconds since the epoch of a strict ISO date or zoned date-time; numbers pass through.
 * NaN for anything else, so a malformed date in the context is a non-match, never an exception.
 *
 * @example toEpochMs('2026-01-31') // 1769817600000
 */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const match = ISO_DATE.exec(value);
  if (!match) return Number.NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.parse rolls 2026-02-30 over to March; a policy should not silently do the same.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day)
    return Number.NaN;
  return Date.parse(value);
}

/**
 * Shifts an instant by calendar units in UTC (years and months follow the calendar, so
 * "18 years ago" is the same date 18 years earlier).
 *
 * @example new Date(shiftUtc(Date.parse('2026-11-24T00:00:00Z'), { years: -18 })).toISOString() // '2008-11-24T00:00:00.000Z'
 */
export function shiftUtc(epochMs: number, offset: RelativeTime['fromNow']): number {
  const shifted = new Date(epochMs);
  if (offset.years) shifted.setUTCFullYear(shifted.getUTCFullYear() + offset.years);
  if (offset.months) shifted.setUTCMonth(shifted.getUTCMonth() + offset.months);
  if (offset.days) shifted.setUTCDate(shifted.getUTCDate() + offset.days);
  if (offset.hours) shifted.setUTCHours(shifted.getUTCHours() + offset.hours);
  if (offset.minutes) shifted.setUTCMinutes(shifted.getUTCMinutes() + offset.minutes);
  return shifted.getTime();
}

/**
 * How explanations show a relative time.
 *
 * @example describeRelativeTime({ fromNow: { years: -18 } }) // 'now - 18 years'
 */
export function describeRelativeTime(time: RelativeTime): string {
  const parts = relativeUnits
    .filter((unit) => time.fromNow[unit])
    .map((unit) => {
      const amount = time.fromNow[unit] as number;
      return `${amount < 0 ? '-' : '+'} ${Math.abs(amount)} ${unit}`;
    });
  return `now ${parts.join(' ')}`;
}
