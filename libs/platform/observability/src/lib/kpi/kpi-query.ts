import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The query of `GET /kpi`: `from` and `to` as ISO 8601 date-times with an offset (default: the
 * last 24 hours up to now), `vertical` optional.
 */
export const kpiQuerySchema = z
  .strictObject({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    vertical: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'must be a lowercase vertical name, e.g. loan')
      .optional(),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    message: 'must be before to',
    path: ['from'],
  });

export type KpiQuery = z.infer<typeof kpiQuerySchema>;

/** The window a query asks for, defaulting to the 24 hours before `now`. */
export function kpiWindow(query: KpiQuery, now: Date): { from: Date; to: Date; vertical?: string } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DAY_MS);
  return query.vertical ? { from, to, vertical: query.vertical } : { from, to };
}
