import type { TriageInput } from '@baton/patient-triage-contracts';
import { ageBandOf } from './age-bands';
import { hypotensionBelow } from './blood-pressure-table';
import { DANGER_ZONE_TABLE, SPO2_DANGER_BELOW, type DangerZoneRow } from './danger-zone-table';

/** The danger-zone limits for this patient's age band. */
export function dangerZoneFor(input: TriageInput): DangerZoneRow {
  const band = ageBandOf(input.age);
  return DANGER_ZONE_TABLE.find((row) => row.band === band) as DangerZoneRow;
}

/** A vital beyond its limit, as `vitals.<field>` and a sentence; a null vital is never beyond. */
export interface VitalAlarm {
  readonly rule: string;
  readonly field: string;
  readonly message: string;
}

/**
 * Danger-zone vitals (box D) and hypotension for age, in a fixed order: heart rate, respiratory
 * rate, SpO2, systolic pressure.
 *
 * @example dangerZoneAlarms(input).map((alarm) => alarm.rule); // ['D.danger-zone.heart-rate']
 */
export function dangerZoneAlarms(input: TriageInput): VitalAlarm[] {
  const { heartRate, respiratoryRate, spo2, systolic } = input.vitals;
  const limits = dangerZoneFor(input);
  const alarms: VitalAlarm[] = [];
  if (heartRate !== null && heartRate > limits.heartRateAbove)
    alarms.push({
      rule: 'D.danger-zone.heart-rate',
      field: 'vitals.heartRate',
      message: `heart rate ${heartRate} is above ${limits.heartRateAbove} (${limits.band})`,
    });
  if (respiratoryRate !== null && respiratoryRate > limits.respiratoryRateAbove)
    alarms.push({
      rule: 'D.danger-zone.respiratory-rate',
      field: 'vitals.respiratoryRate',
      message: `respiratory rate ${respiratoryRate} is above ${limits.respiratoryRateAbove} (${limits.band})`,
    });
  if (spo2 !== null && spo2 < SPO2_DANGER_BELOW)
    alarms.push({
      rule: 'D.danger-zone.spo2',
      field: 'vitals.spo2',
      message: `SpO2 ${spo2} % is below ${SPO2_DANGER_BELOW} %`,
    });
  const floor = hypotensionBelow(input.age);
  if (systolic !== null && systolic < floor)
    alarms.push({
      rule: 'D.hypotension-for-age',
      field: 'vitals.systolic',
      message: `systolic pressure ${systolic} is below ${floor} mmHg, hypotensive for age`,
    });
  return alarms;
}
