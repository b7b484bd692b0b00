import { z } from 'zod';
import { RunFailureView, RunStepView } from '@baton/contracts';
import { FleetDecision } from './messages';

/** Where a case stands, as the API shows it. */
export const FleetCaseStatus = z.enum(['received', 'in_progress', 'referred', 'accepted', 'rejected', 'failed']);
export type FleetCaseStatus = z.infer<typeof FleetCaseStatus>;

/** `POST /v1/cases` answers 202 with this: the work goes on in the background. */
export const FleetCaseAccepted = z.strictObject({
  caseId: z.string(),
  status: FleetCaseStatus,
  links: z.strictObject({ self: z.string() }),
});
export type FleetCaseAccepted = z.infer<typeof FleetCaseAccepted>;

/** `GET /v1/cases/:id`: the case's progress and decision. */
export const FleetCaseView = z.strictObject({
  caseId: z.string(),
  status: FleetCaseStatus,
  receivedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  decision: FleetDecision.nullable(),
  steps: z.array(RunStepView),
  failure: RunFailureView.nullable(),
});
export type FleetCaseView = z.infer<typeof FleetCaseView>;
