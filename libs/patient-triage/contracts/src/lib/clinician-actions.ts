import { z } from 'zod';
import { esiLevelSchema } from './esi/esi-level';

/**
 * Why a clinician re-levels an encounter (`POST /v1/encounters/{id}/override`): a closed list, so
 * overrides can be counted and audited by cause; the free-text note says the rest.
 */
export const OVERRIDE_REASON_CODES = [
  /** How the patient looks (colour, work of breathing, distress) differs from what the numbers say. */
  'PATIENT_APPEARANCE',
  /** Repeated vital signs differ from those triage read. */
  'VITALS_RECHECKED',
  /** New history from the patient, family, EMS or the record. */
  'NEW_HISTORY',
  /** A finding on examination the triage input did not hold. */
  'EXAM_FINDING',
  /** The resources the visit will need differ from the rules' estimate. */
  'RESOURCE_ESTIMATE',
  /** Pain or distress reassessed. */
  'PAIN_REASSESSED',
  /** The triage input held a mistake (wrong vital, wrong arrival mode). */
  'INPUT_CORRECTED',
] as const;
export const OverrideReasonCode = z.enum(OVERRIDE_REASON_CODES);
export type OverrideReasonCode = z.infer<typeof OverrideReasonCode>;

/**
 * The second reason an override LESS urgent than the rules' floor must give (a separate closed
 * list): the floor exists so no automated answer under-triages, and a clinician taking a patient
 * below it says which of these makes the rules wrong for this patient.
 */
export const BELOW_FLOOR_REASON_CODES = [
  /** The danger-zone vital was a measurement artefact; repeated, it is normal. */
  'VITAL_ARTEFACT',
  /** The finding is the patient's documented baseline (a chronic GCS of 14, a usual SpO2 of 90). */
  'KNOWN_BASELINE',
  /** The rules read a finding the patient does not have (a negation or phrasing misread). */
  'FINDING_ABSENT',
  /** The symptom resolved before assessment. */
  'SYMPTOM_RESOLVED',
  /** A senior physician assessed the patient and approved the lower acuity. */
  'SENIOR_APPROVED',
] as const;
export const BelowFloorReasonCode = z.enum(BELOW_FLOOR_REASON_CODES);
export type BelowFloorReasonCode = z.infer<typeof BelowFloorReasonCode>;

/**
 * `POST /v1/encounters/{id}/override`'s body. `secondReasonCode` is required when `esi` is less
 * urgent (a higher number) than the rules' floor, and refused otherwise: the floor is the run's,
 * so that rule is checked against the encounter (`overrideRuleProblems` of the domain).
 */
export const OverrideRequest = z.strictObject({
  esi: esiLevelSchema,
  reasonCode: OverrideReasonCode,
  /** Free text; personal data, sealed under the subject's key wherever the run stores it. */
  note: z.string().min(1).max(500),
  secondReasonCode: BelowFloorReasonCode.optional(),
});
export type OverrideRequest = z.infer<typeof OverrideRequest>;

/** Where the patient went, as issue 24 names the choices: each ends the encounter's run. */
export const DISPOSITIONS = ['roomed', 'left-without-being-seen', 'discharged'] as const;

/**
 * Every disposition a recorded run may hold: the API's three, and part 2's `admitted` and
 * `transferred`, kept so runs recorded before the API parse and replay.
 */
export const RECORDED_DISPOSITIONS = [...DISPOSITIONS, 'admitted', 'transferred'] as const;

/** `POST /v1/encounters/{id}/disposition`'s body. */
export const DispositionRequest = z.strictObject({ disposition: z.enum(DISPOSITIONS) });
export type DispositionRequest = z.infer<typeof DispositionRequest>;
