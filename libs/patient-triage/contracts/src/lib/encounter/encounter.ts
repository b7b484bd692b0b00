import { z } from 'zod';
import { instantSchema } from '@baton/contracts';
import { registrationSchema } from './registration';
import { vitalSignsSchema } from './vital-signs';

export const arrivalModeSchema = z.enum(['walk-in', 'ambulance']);
export type ArrivalMode = z.infer<typeof arrivalModeSchema>;

export const pregnancyStatusSchema = z.enum(['pregnant', 'not-pregnant', 'unknown', 'not-applicable']);
export type PregnancyStatus = z.infer<typeof pregnancyStatusSchema>;

export const arrivalSchema = z.strictObject({
  at: instantSchema,
  mode: arrivalModeSchema,
});

/** Free text as the patient or the nurse wrote it: any language, never trusted as instructions. */
export const complaintSchema = z.strictObject({
  chiefComplaint: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  history: z.string().max(4000, 'must be at most 4000 characters'),
});

const encounterShape = z.strictObject({
  encounterId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be 1-100 letters, digits, . _ : -'),
  registration: registrationSchema,
  arrival: arrivalSchema,
  complaint: complaintSchema,
  vitals: vitalSignsSchema,
  /** 0-10 numeric rating; null when the patient cannot rate it. */
  pain: z
    .number('pain must be a whole number from 0 to 10 or null')
    .int('pain must be a whole number')
    .min(0, 'pain must be at least 0')
    .max(10, 'pain must be at most 10')
    .nullable(),
  pregnancy: pregnancyStatusSchema,
});

/** Rules that span fields: each issue carries its rule name in `params.rule`. */
function checkConsistency(encounter: z.infer<typeof encounterShape>, ctx: z.RefinementCtx): void {
  const { vitals, arrival, registration } = encounter;
  const rule = (path: (string | number)[], name: string, message: string) =>
    ctx.addIssue({ code: 'custom', path, message, params: { rule: name } });
  if (arrival.mode === 'walk-in' && vitals.heartRate === 0)
    rule(['vitals', 'heartRate'], 'walk_in_has_pulse', 'heart rate 0 is impossible in a patient who walked in');
  if (arrival.mode === 'walk-in' && vitals.respiratoryRate === 0)
    rule(
      ['vitals', 'respiratoryRate'],
      'walk_in_breathes',
      'respiratory rate 0 is impossible in a patient who walked in',
    );
  if (vitals.systolic !== null && vitals.diastolic !== null && vitals.diastolic >= vitals.systolic)
    rule(['vitals', 'diastolic'], 'diastolic_below_systolic', 'diastolic pressure must be below systolic pressure');
  const born = Date.parse(`${registration.dateOfBirth}T00:00:00Z`);
  const arrived = Date.parse(arrival.at);
  if (born > arrived)
    rule(['registration', 'dateOfBirth'], 'born_before_arrival', 'date of birth must not be after the arrival');
  else if (arrived - born > 130 * 365.25 * 86_400_000)
    rule(['registration', 'dateOfBirth'], 'age_at_most_130', 'date of birth gives an age over 130 years');
}

/**
 * An emergency department encounter as registration and the triage nurse record it. Strict at
 * every level and JSON-only (instants are ISO strings), so it exports to JSON Schema.
 *
 * @example
 * const result = parseEncounter(body);
 * if (!result.ok) return problem(400, result.error.issues); // [{ path: 'vitals.spo2', rule: 'too_big', ... }]
 */
export const encounterSchema = encounterShape.superRefine(checkConsistency);
export type Encounter = z.infer<typeof encounterSchema>;
