import type { TriageInput } from '@baton/patient-triage-contracts';
import type { Findings } from '../findings/extract-findings';
import { hypotensionBelow } from './blood-pressure-table';
import type { HandbookNote } from './handbook-note';
import { dangerZoneFor } from './vital-checks';

export interface VitalRule {
  readonly rule: string;
  readonly applies: (input: TriageInput, findings: Findings) => boolean;
  readonly message: string;
  readonly note: HandbookNote;
}

const V5_A =
  'v5 keeps decision point A "Lifesaving Intervention Required?"; this criterion was not checked against its text';
const distressed = (input: TriageInput, findings: Findings) =>
  findings.present.has('severe-respiratory-distress') ||
  findings.present.has('shortness-of-breath') ||
  (input.vitals.respiratoryRate !== null && input.vitals.respiratoryRate > dangerZoneFor(input).respiratoryRateAbove);

/** Decision point A from vital signs: each needs an immediate life-saving intervention (ESI 1). */
export const LIFE_SAVING_VITAL_RULES: readonly VitalRule[] = [
  {
    rule: 'A.pulseless',
    applies: (input) => input.vitals.heartRate === 0,
    message: 'no pulse: resuscitation',
    note: { v4: 'chapter 3: pulseless', enaV5: V5_A, followed: 'v4' },
  },
  {
    rule: 'A.apneic',
    applies: (input) => input.vitals.respiratoryRate === 0,
    message: 'not breathing: airway and ventilation',
    note: { v4: 'chapter 3: apneic', enaV5: V5_A, followed: 'v4' },
  },
  {
    rule: 'A.unresponsive',
    applies: (input) =>
      input.vitals.avpu === 'pain' ||
      input.vitals.avpu === 'unresponsive' ||
      (input.vitals.gcs !== null && input.vitals.gcs <= 8),
    message: 'responds only to pain or not at all (AVPU P/U, or GCS 8 or less)',
    note: { v4: 'chapter 3: unresponsive is P or U on AVPU', enaV5: V5_A, followed: 'v4' },
  },
  {
    rule: 'A.hypoxia-with-distress',
    applies: (input, findings) => input.vitals.spo2 !== null && input.vitals.spo2 < 90 && distressed(input, findings),
    message: 'SpO2 under 90 % with respiratory distress',
    note: { v4: 'algorithm box A: SpO2 < 90 among the criteria to consider', enaV5: V5_A, followed: 'v4' },
  },
  {
    rule: 'A.shock',
    applies: (input) =>
      input.vitals.systolic !== null &&
      input.vitals.heartRate !== null &&
      input.vitals.systolic < hypotensionBelow(input.age) &&
      input.vitals.heartRate > dangerZoneFor(input).heartRateAbove,
    message: 'hypotensive for age with a danger-zone heart rate: hemodynamic intervention',
    note: {
      v4: 'chapter 3: significant IV fluid resuscitation is life-saving; the shock pair is our reading of it',
      enaV5: V5_A,
      followed: 'local',
    },
  },
  {
    rule: 'A.unstable-heart-rate',
    applies: (input) =>
      input.age.years > 8 &&
      input.vitals.heartRate !== null &&
      input.vitals.heartRate > 0 &&
      (input.vitals.heartRate < 40 || input.vitals.heartRate >= 180),
    message: 'adult heart rate under 40 or 180 and above: electrical therapy or emergency medication',
    note: { v4: 'chapter 3: pacing, cardioversion, atropine, adenosine', enaV5: V5_A, followed: 'local' },
  },
];

/** Decision point B from vital signs: a new change in mental status (ESI 2). */
export const HIGH_RISK_VITAL_RULES: readonly VitalRule[] = [
  {
    rule: 'B.new-confusion',
    applies: (input) => input.vitals.avpu === 'voice' || (input.vitals.gcs !== null && input.vitals.gcs < 15),
    message:
      'responds to voice only, or GCS under 15: new confusion, lethargy or disorientation until a nurse says it is baseline',
    note: {
      v4: 'algorithm box B: new onset confusion, lethargy or disorientation',
      enaV5: 'v5 keeps it in B; not checked further',
      followed: 'v4',
    },
  },
];
