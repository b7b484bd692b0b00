import { z } from 'zod';
import { defineMessage } from '@baton/contracts';
import { decisionPointSchema, esiLevelSchema, resourceKindSchema } from './esi/esi-level';
import { triageReasonSchema } from './esi/esi-assessment';
import { BelowFloorReasonCode, OverrideReasonCode, RECORDED_DISPOSITIONS } from './clinician-actions';
import { TriageRequest } from './triage-request';

/**
 * The EHR agent's command: a pseudonymous subject id and nothing else about the patient (no
 * name, MRN, date of birth or contact ever travels in a command).
 */
export const TriageEhrRequested = defineMessage(
  'triage.ehr.requested',
  1,
  z.strictObject({ encounterId: z.string().min(1).max(100), subjectRef: z.string().regex(/^subj-[a-f0-9]{8,64}$/) }),
);

/** What the EHR holds for the subject, in codes; `available: false` when it did not answer (outage, breaker). */
export const ehrSummarySchema = z.strictObject({
  available: z.boolean(),
  conditions: z.array(z.string().max(60)).max(30),
  allergies: z.array(z.string().max(60)).max(30),
  medications: z.array(z.string().max(60)).max(30),
  priorVisits90d: z.int().min(0).max(100),
});
export type EhrSummary = z.infer<typeof ehrSummarySchema>;

export const TriageEhrReturned = defineMessage(
  'triage.ehr.returned',
  1,
  z.strictObject({ encounterId: z.string(), ehr: ehrSummarySchema }),
);

export const TRIAGE_DECIDERS = ['rules', 'model', 'clinician'] as const;

/** Published at each assignment: the rules', the model's, then each clinician override. No PHI. */
export const TriageAssigned = defineMessage(
  'triage.assigned',
  1,
  z.strictObject({
    encounterId: z.string(),
    esi: esiLevelSchema,
    /** The rules' level: no automated answer is ever less urgent. */
    floor: esiLevelSchema,
    decidedBy: z.enum(TRIAGE_DECIDERS),
    decisionPoint: decisionPointSchema,
    resources: z.array(resourceKindSchema).max(20),
    reasons: z.array(triageReasonSchema).max(100),
    citations: z.array(z.string().max(60)).max(10),
    /** True when the model's answer was not used; `rulesOnlyReason` says why. */
    rulesOnly: z.boolean(),
    rulesOnlyReason: z.string().max(60).nullable(),
    /** The model gate's policy, `id@version`, when it was consulted. */
    policyVersion: z.string().nullable(),
    model: z.strictObject({ provider: z.string(), name: z.string() }).nullable(),
  }),
);

/**
 * A clinician's new level for an open encounter (the `clinician.override` signal's payload).
 * Runs recorded before the API (issue 24) hold only `esi`, `clinicianId` and `reason`, so the
 * fields added since are optional: those runs still parse and replay, and the workflow's version
 * stays 1 (its steps did not change).
 */
export const ClinicianOverride = z.strictObject({
  esi: esiLevelSchema,
  clinicianId: z.string().min(1).max(200),
  /** The clinician's note, free text (the API's `note`): personal data, sealed when `subjectId` is given. */
  reason: z.string().min(1).max(500),
  /** Why, from `OVERRIDE_REASON_CODES`; absent only in runs recorded before issue 24. */
  reasonCode: OverrideReasonCode.optional(),
  /** Why the level may be below the rules' floor (`BELOW_FLOOR_REASON_CODES`); the API requires it there. */
  secondReasonCode: BelowFloorReasonCode.optional(),
  /** The run's subject: makes the payload a personal record, so `reason` is sealed under the subject's key. */
  subjectId: TriageRequest.shape.subjectId.optional(),
});
export type ClinicianOverride = z.infer<typeof ClinicianOverride>;

/**
 * Where the patient went: closes the encounter (the `clinician.disposition` signal's payload).
 * `clinicianId` is whoever gave it (a clinician or a triage nurse). The API sends only
 * `DISPOSITIONS`; `RECORDED_DISPOSITIONS` keeps part 2's values parseable in recorded runs.
 */
export const ClinicianDisposition = z.strictObject({
  disposition: z.enum(RECORDED_DISPOSITIONS),
  clinicianId: z.string().min(1).max(200),
});
export type ClinicianDisposition = z.infer<typeof ClinicianDisposition>;
