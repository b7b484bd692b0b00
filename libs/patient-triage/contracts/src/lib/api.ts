import { z } from 'zod';
import { RunFailureView, RunStepView, StreamAuditTrail } from '@baton/contracts';
import { complaintSchema } from './encounter/encounter';
import { registrationSchema } from './encounter/registration';
import { TriageAssigned } from './triage-messages';

/** Where an encounter stands, as the API shows it: `assigned` while it waits for its disposition. */
export const EncounterStatus = z.enum(['received', 'in_progress', 'assigned', 'closed', 'failed']);
export type EncounterStatus = z.infer<typeof EncounterStatus>;

/** `POST /v1/encounters` answers 202 with this: triage goes on in the background. */
export const EncounterAccepted = z.strictObject({
  id: z.string(),
  encounterId: z.string(),
  status: EncounterStatus,
  links: z.strictObject({ self: z.string() }),
});
export type EncounterAccepted = z.infer<typeof EncounterAccepted>;

/**
 * Who the patient is, as the caller's role may see it (HIPAA's minimum necessary). A `clinician`
 * gets the `identified` block: the registration (name, date of birth, MRN, contact) and the
 * complaint as written; `registration` is null once the subject is erased. Everyone else gets the
 * `pseudonymous` block: the age band and the complaint with identifiers replaced by tokens
 * (`[NAME-1]`), never identity. Both are null until triage has derived them.
 */
export const EncounterPatient = z.discriminatedUnion('view', [
  z.strictObject({
    view: z.literal('identified'),
    registration: registrationSchema.nullable(),
    ageBand: z.string().nullable(),
    complaint: complaintSchema.nullable(),
  }),
  z.strictObject({
    view: z.literal('pseudonymous'),
    ageBand: z.string().nullable(),
    complaint: z.strictObject({ chiefComplaint: z.string(), history: z.string() }).nullable(),
  }),
]);
export type EncounterPatient = z.infer<typeof EncounterPatient>;

/**
 * `GET /v1/encounters/{id}`: status, the latest assignment (ESI, floor, decision point, reasons,
 * citations, `rulesOnly` and why), the timeline of steps, and the patient as the role may see it.
 */
export const EncounterView = z.strictObject({
  id: z.string(),
  encounterId: z.string(),
  status: EncounterStatus,
  receivedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  assignment: TriageAssigned.payload.nullable(),
  steps: z.array(RunStepView),
  failure: RunFailureView.nullable(),
  patient: EncounterPatient,
});
export type EncounterView = z.infer<typeof EncounterView>;

/** One waiting encounter on the board. */
export const BoardEntry = z.strictObject({
  id: z.string(),
  encounterId: z.string(),
  status: EncounterStatus,
  /** The assigned level; null while triage is still running. */
  esi: z.int().min(1).max(5).nullable(),
  receivedAt: z.iso.datetime(),
  /** Seconds from `receivedAt` to the board's `asOf`. */
  waitingSeconds: z.int().min(0),
  patient: EncounterPatient,
  links: z.strictObject({ self: z.string() }),
});
export type BoardEntry = z.infer<typeof BoardEntry>;

/**
 * `GET /v1/board`: the tenant's open encounters, not yet triaged first (their level is unknown,
 * so they may be the sickest), then by ESI, then by arrival. `truncated` when more are open than
 * the board shows.
 */
export const BoardView = z.strictObject({
  asOf: z.iso.datetime(),
  entries: z.array(BoardEntry),
  truncated: z.boolean(),
});
export type BoardView = z.infer<typeof BoardView>;

/**
 * `GET /v1/encounters/{id}/audit` (role `auditor`): the run's events (personal fields masked) and
 * the encounter's access log, each with the verification of its hash chain.
 */
export const EncounterAuditTrail = z.strictObject({
  id: z.string(),
  events: StreamAuditTrail,
  access: StreamAuditTrail,
});
export type EncounterAuditTrail = z.infer<typeof EncounterAuditTrail>;
