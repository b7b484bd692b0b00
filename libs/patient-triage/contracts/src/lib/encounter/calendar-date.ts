import { z } from 'zod';

/** A calendar date, `YYYY-MM-DD`, that exists (1990-02-30 does not: `Date` would roll it over). */
export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (value) => {
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
    },
    { message: 'must be a real calendar date', params: { rule: 'real_calendar_date' } },
  );
