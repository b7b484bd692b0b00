import { z } from 'zod';
import { RunFailureView, RunStepView } from '@baton/contracts';
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

/** `GET /v1/encounters/{id}`: the latest assignment and the steps; never the registration. */
export const EncounterView = z.strictObject({
  id: z.string(),
  encounterId: z.string(),
  status: EncounterStatus,
  receivedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  assignment: TriageAssigned.payload.nullable(),
  steps: z.array(RunStepView),
  failure: RunFailureView.nullable(),
});
export type EncounterView = z.infer<typeof EncounterView>;
