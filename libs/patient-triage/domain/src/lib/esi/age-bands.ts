import type { AgeAtArrival } from '@baton/patient-triage-contracts';

/** The danger-zone age bands of ESI v4's decision point D. */
export const AGE_BANDS = ['under-3-months', '3-months-to-3-years', '3-to-8-years', 'over-8-years'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Days under which a child is "under 3 months" (the handbook gives months; 90 days is the usual reading). */
export const THREE_MONTHS_IN_DAYS = 90;

/**
 * The danger-zone band of an age. "3-8 y" is read as completed years 3 to 8, so "> 8 y" starts
 * at the 9th birthday.
 *
 * @example ageBandOf({ years: 0, days: 45 }); // 'under-3-months'
 */
export function ageBandOf(age: AgeAtArrival): AgeBand {
  if (age.years < 3) return (age.days ?? 0) < THREE_MONTHS_IN_DAYS ? 'under-3-months' : '3-months-to-3-years';
  return age.years <= 8 ? '3-to-8-years' : 'over-8-years';
}
