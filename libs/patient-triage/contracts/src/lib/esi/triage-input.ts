import { z } from 'zod';
import { arrivalModeSchema, complaintSchema, pregnancyStatusSchema } from '../encounter/encounter';
import { vitalSignsSchema } from '../encounter/vital-signs';

/**
 * Age at arrival: completed years, and completed days while under 3 years (the paediatric rules
 * are written in days and months). Derived from date of birth and arrival, never entered.
 */
export const ageAtArrivalSchema = z.strictObject({
  years: z.number().int().min(0).max(130),
  days: z.number().int().min(0).max(1096).nullable(),
});
export type AgeAtArrival = z.infer<typeof ageAtArrivalSchema>;

/**
 * What the ESI rules read of an encounter: no name, MRN, date of birth or contact, only the age
 * derived from them. The free text still may hold identifiers the patient typed; the rules only
 * look for clinical findings in it.
 */
export const triageInputSchema = z.strictObject({
  age: ageAtArrivalSchema,
  arrivalMode: arrivalModeSchema,
  complaint: complaintSchema,
  vitals: vitalSignsSchema,
  pain: z.number().int().min(0).max(10).nullable(),
  pregnancy: pregnancyStatusSchema,
});
export type TriageInput = z.infer<typeof triageInputSchema>;
