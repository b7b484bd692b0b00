import type { AgeAtArrival, EsiLevel } from '@baton/patient-triage-contracts';
import type { HandbookNote } from './handbook-note';

export interface PaediatricFeverRow {
  readonly rule: string;
  readonly ages: string;
  readonly applies: (age: AgeAtArrival) => boolean;
  readonly triggers: (temperatureC: number) => boolean;
  readonly threshold: string;
  /** The level this row sets at least. */
  readonly atLeast: EsiLevel;
  readonly note: HandbookNote;
}

const days = (age: AgeAtArrival) => (age.years < 3 ? (age.days ?? 0) : Number.POSITIVE_INFINITY);

/** ESI v4 chapter 6 (paediatrics): fever and hypothermia in the youngest. */
export const PAEDIATRIC_FEVER_TABLE: readonly PaediatricFeverRow[] = [
  {
    rule: 'D.fever.under-29-days',
    ages: '0-28 days',
    applies: (age) => days(age) <= 28,
    triggers: (t) => t >= 38,
    threshold: '>= 38.0 °C',
    atLeast: 2,
    note: { v4: 'assign at least ESI 2 to a febrile neonate', enaV5: 'not checked here', followed: 'v4' },
  },
  {
    rule: 'D.fever.29-to-89-days',
    ages: '29-89 days',
    applies: (age) => days(age) > 28 && days(age) < 90,
    triggers: (t) => t >= 38,
    threshold: '>= 38.0 °C',
    atLeast: 2,
    note: {
      v4: '1-3 months: consider ESI 2; the floor takes it',
      enaV5: 'not checked here',
      followed: 'v4',
    },
  },
  {
    rule: 'D.hypothermia.under-90-days',
    ages: '0-89 days',
    applies: (age) => days(age) < 90,
    triggers: (t) => t < 36.5,
    threshold: '< 36.5 °C',
    atLeast: 2,
    note: { v4: 'table 6-3: hypothermic infant under 90 days is ESI 2', enaV5: 'not checked here', followed: 'v4' },
  },
  {
    rule: 'D.fever.3-to-36-months',
    ages: '90 days-3 years',
    applies: (age) => age.years < 3 && days(age) >= 90,
    triggers: (t) => t > 39,
    threshold: '> 39.0 °C',
    atLeast: 3,
    note: {
      v4: 'consider ESI 3 with incomplete immunisations or no obvious source; the contract has neither, so the floor assumes them',
      enaV5: 'not checked here',
      followed: 'v4',
    },
  },
];
