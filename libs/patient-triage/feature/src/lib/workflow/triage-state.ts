import { z } from 'zod';
import {
  ClinicianOverride,
  ehrSummarySchema,
  encounterSchema,
  esiAssessmentSchema,
  TriageAssigned,
  TriageProposal,
  TriageRequest,
  vitalSignsSchema,
} from '@baton/patient-triage-contracts';
import type { PersonalDataPolicy } from '@baton/state-store';

/** What the model is shown of the patient: no identity, an age band instead of a date of birth. */
export const ModelPatient = z.strictObject({
  ageBand: z.string(),
  sex: z.string(),
  arrivalMode: z.string(),
  vitals: vitalSignsSchema,
  pain: z.number().nullable(),
  pregnancy: z.string(),
});

/**
 * The `triage.assess` run's state. Flat, with `subjectId` at the top, so the personal-data policy
 * names the same paths in the input and in every copy of the state.
 */
export const TriageState = z.strictObject({
  subjectId: TriageRequest.shape.subjectId,
  receivedAt: z.iso.datetime(),
  encounter: encounterSchema,
  /**
   * Token to identifier, for the scrubbed text; sealed with the subject's key. It names its subject
   * itself: a step's recorded change holds only the keys it changed, and the seal needs the subject.
   */
  pseudonyms: z
    .strictObject({ subjectId: TriageRequest.shape.subjectId, tokens: z.record(z.string(), z.string()) })
    .nullable(),
  scrubbed: z.strictObject({ chiefComplaint: z.string(), history: z.string() }).nullable(),
  patient: ModelPatient.nullable(),
  floor: esiAssessmentSchema.nullable(),
  ehr: ehrSummarySchema.nullable(),
  guidelines: z.array(z.strictObject({ id: z.string(), title: z.string(), text: z.string() })).nullable(),
  policyVersion: z.string().nullable(),
  proposal: TriageProposal.nullable(),
  /** Why the rules' level stands without the model (deadline, circuit, gate or guard). */
  rulesOnlyReason: z.string().nullable(),
  assignment: TriageAssigned.payload.nullable(),
  /** The latest clinician's override, when one came. */
  clinician: ClinicianOverride.nullable(),
  overrides: z.int().min(0),
  disposition: z.string().nullable(),
});
export type TriageState = z.infer<typeof TriageState>;

export const initialTriageState = (input: TriageRequest): TriageState => ({
  ...input,
  pseudonyms: null,
  scrubbed: null,
  patient: null,
  floor: null,
  ehr: null,
  guidelines: null,
  policyVersion: null,
  proposal: null,
  rulesOnlyReason: null,
  assignment: null,
  clinician: null,
  overrides: 0,
  disposition: null,
});

/**
 * The identity the run holds, sealed with the subject's key wherever it is stored (the input and
 * each copy of the state): the registration, the raw free text, and the tokens' map back (in
 * `pseudonyms`, a record of its own subject), and a clinician override's note (`reason`, in the
 * `clinician.override` payload and the state's `clinician`, each naming its subject).
 */
export const TRIAGE_PERSONAL_DATA: PersonalDataPolicy = {
  subjectField: 'subjectId',
  fields: ['encounter.registration', 'encounter.complaint', 'tokens', 'reason'],
};
