import { z } from 'zod';
import { RunFailureView, RunStepView } from '@baton/contracts';
import { TriageDecision } from './messages';

/** Where a case stands, as the API shows it. */
export const TriageCaseStatus = z.enum(['received', 'in_progress', 'referred', 'accepted', 'rejected', 'failed']);
export type TriageCaseStatus = z.infer<typeof TriageCaseStatus>;

/** `POST /v1/cases` answers 202 with this: the work goes on in the background. */
export const TriageCaseAccepted = z.strictObject({
  caseId: z.string(),
  status: TriageCaseStatus,
  links: z.strictObject({ self: z.string() }),
});
export type TriageCaseAccepted = z.infer<typeof TriageCaseAccepted>;

/** `GET /v1/cases/:id`: the case's progress and decision. */
export const TriageCaseView = z.strictObject({
  caseId: z.string(),
  status: TriageCaseStatus,
  receivedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  decision: TriageDecision.nullable(),
  steps: z.array(RunStepView),
  failure: RunFailureView.nullable(),
});
export type TriageCaseView = z.infer<typeof TriageCaseView>;
