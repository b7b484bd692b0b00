import { z } from 'zod';

// Each vital is required and nullable: `null` says "could not be taken", which the rules list in
// their reasons and never read as normal. An absent key is a contract violation, not a null.
// The ranges reject what no living patient's monitor shows; they are not clinical limits.
const measured = (name: string, unit: string, min: number, max: number) =>
  z
    .number(`${name} must be a number of ${unit} or null when it could not be taken`)
    .min(min, `${name} must be at least ${min} ${unit}`)
    .max(max, `${name} must be at most ${max} ${unit}`)
    .nullable();

export const avpuSchema = z.enum(['alert', 'voice', 'pain', 'unresponsive']);
/** AVPU: alert, responds to voice, responds to pain, unresponsive. */
export type Avpu = z.infer<typeof avpuSchema>;

export const vitalSignsSchema = z.strictObject({
  /** Beats per minute; 0 only for a patient brought in pulseless. */
  heartRate: measured('heart rate', 'beats/min', 0, 300),
  systolic: measured('systolic pressure', 'mmHg', 0, 300),
  diastolic: measured('diastolic pressure', 'mmHg', 0, 250),
  /** Breaths per minute; 0 only for a patient brought in apneic. */
  respiratoryRate: measured('respiratory rate', 'breaths/min', 0, 120),
  /** Pulse oximetry, percent. */
  spo2: measured('SpO2', '%', 0, 100),
  /** Core temperature, °C. */
  temperatureC: measured('temperature', '°C', 25, 45),
  gcs: z
    .number('GCS must be a whole number from 3 to 15 or null')
    .int('GCS must be a whole number')
    .min(3, 'GCS must be at least 3')
    .max(15, 'GCS must be at most 15')
    .nullable(),
  avpu: avpuSchema.nullable(),
});
export type VitalSigns = z.infer<typeof vitalSignsSchema>;

/** The vitals the ESI algorithm reads, in the order reasons list them. */
export const VITAL_SIGN_FIELDS = [
  'heartRate',
  'respiratoryRate',
  'spo2',
  'temperatureC',
  'systolic',
  'diastolic',
  'gcs',
  'avpu',
] as const satisfies readonly (keyof VitalSigns)[];
