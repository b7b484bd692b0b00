import type { AgeAtArrival } from '@baton/patient-triage-contracts';
import type { HandbookNote } from './handbook-note';

export interface HypotensionRow {
  readonly ages: string;
  readonly applies: (age: AgeAtArrival) => boolean;
  /** Hypotension when systolic pressure is below this, mmHg. */
  readonly systolicBelow: (age: AgeAtArrival) => number;
}

/**
 * Hypotension for age (PALS): an adult's 90 mmHg is a toddler's 72. ESI v4 does not put blood
 * pressure in box D; its chapters ask the nurse to weigh it, and these are the limits
 * paediatric nurses use.
 */
export const HYPOTENSION_TABLE: readonly HypotensionRow[] = [
  { ages: '0-28 days', applies: (age) => age.years === 0 && (age.days ?? 0) <= 28, systolicBelow: () => 60 },
  { ages: '29 days-1 year', applies: (age) => age.years === 0 && (age.days ?? 0) > 28, systolicBelow: () => 70 },
  {
    ages: '1-10 years',
    applies: (age) => age.years >= 1 && age.years <= 10,
    systolicBelow: (age) => 70 + 2 * age.years,
  },
  { ages: 'over 10 years', applies: (age) => age.years > 10, systolicBelow: () => 90 },
];

/**
 * The systolic pressure under which a patient of this age is hypotensive.
 *
 * @example hypotensionBelow({ years: 2, days: 800 }); // 74
 */
export function hypotensionBelow(age: AgeAtArrival): number {
  const row = HYPOTENSION_TABLE.find((candidate) => candidate.applies(age)) ?? HYPOTENSION_TABLE[3];
  return (row as HypotensionRow).systolicBelow(age);
}

export const HYPOTENSION_NOTE: HandbookNote = {
  v4: 'Not in box D; chapter 6 asks the nurse to weigh blood pressure. Limits from PALS hypotension by age',
  enaV5: 'not checked here whether v5 adds blood pressure to D',
  followed: 'local',
};
