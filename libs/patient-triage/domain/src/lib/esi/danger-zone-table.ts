import type { AgeBand } from './age-bands';
import type { HandbookNote } from './handbook-note';

export interface DangerZoneRow {
  readonly band: AgeBand;
  /** Danger when the heart rate is above this, beats/min. */
  readonly heartRateAbove: number;
  /** Danger when the respiratory rate is above this, breaths/min. */
  readonly respiratoryRateAbove: number;
}

/** Decision point D's danger-zone vital signs (ESI v4 algorithm, box D). */
export const DANGER_ZONE_TABLE: readonly DangerZoneRow[] = [
  { band: 'under-3-months', heartRateAbove: 180, respiratoryRateAbove: 50 },
  { band: '3-months-to-3-years', heartRateAbove: 160, respiratoryRateAbove: 40 },
  { band: '3-to-8-years', heartRateAbove: 140, respiratoryRateAbove: 30 },
  { band: 'over-8-years', heartRateAbove: 100, respiratoryRateAbove: 20 },
];

/** SpO2 below this is danger-zone at every age. */
export const SPO2_DANGER_BELOW = 92;

export const DANGER_ZONE_NOTE: HandbookNote = {
  v4: 'Algorithm box D and chapter 6: HR/RR limits by band, SpO2 < 92 %; exceeded: consider ESI 2 (nurse judgement)',
  enaV5:
    'v5 renames D "High-Risk Vital Signs?"; its limits were not checked here. We take exceeding a limit as ESI 2 ' +
    '(the floor must not under-triage) and ask a nurse to confirm',
  followed: 'v4',
};
