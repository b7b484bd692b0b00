import { z } from 'zod';
import { RunFailureView, RunStepView, StreamAuditTrail } from '@baton/contracts';
import { PlainText } from './application';
import { DecisionReason } from './decision';

/**
 * The HTTP API's bodies, in and out. Requests are strict (an unknown field is a 400 naming it);
 * the OpenAPI document at `/docs` is generated from these schemas.
 */

/** Where an application stands, as the API shows it. */
export const APPLICATION_STATUSES = ['received', 'in_progress', 'referred', 'approved', 'declined', 'failed'] as const;
export const ApplicationStatus = z.enum(APPLICATION_STATUSES);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** Where to look next: the application, its review and its audit trail. */
export const ApplicationLinks = z.strictObject({ self: z.string(), review: z.string(), audit: z.string() });
export type ApplicationLinks = z.infer<typeof ApplicationLinks>;

/** `POST /v1/applications` answers 202 with this: the work goes on in the background. */
export const ApplicationAccepted = z.strictObject({
  applicationId: z.string(),
  status: ApplicationStatus,
  links: ApplicationLinks,
});
export type ApplicationAccepted = z.infer<typeof ApplicationAccepted>;

/** The decision as `GET /v1/applications/:id` shows it, with adverse-action reasons. */
export const ApplicationDecision = z.strictObject({
  outcome: z.enum(['approved', 'declined']),
  decidedBy: z.enum(['policy', 'scorecard', 'underwriter', 'expiry', 'verification']),
  score: z.number().nullable(),
  reasons: z.array(DecisionReason),
});
export type ApplicationDecision = z.infer<typeof ApplicationDecision>;

/** One step the application has been through (the platform's view of a run's step). */
export const ApplicationStep = RunStepView;
export type ApplicationStep = RunStepView;

/** `GET /v1/applications/:id`: the application's progress and decision. Personal data is never shown. */
export const ApplicationView = z.strictObject({
  applicationId: z.string(),
  status: ApplicationStatus,
  /** The data subject's pseudonym: what `npm run erase -- <subject>` takes. */
  subjectId: z.string(),
  receivedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  decision: ApplicationDecision.nullable(),
  /** The compliance policy that judged the application (`id@version`), once it has. */
  policyVersion: z.string().nullable(),
  /** The model that assessed it, when one was called (a policy denial calls none). */
  model: z.strictObject({ provider: z.string(), name: z.string() }).nullable(),
  steps: z.array(ApplicationStep),
  failure: RunFailureView.nullable(),
  links: ApplicationLinks,
});
export type ApplicationView = z.infer<typeof ApplicationView>;

/** `POST /v1/applications/:id/review` (role `underwriter`): completes a referred application. */
export const ReviewRequest = z.strictObject({
  outcome: z.enum(['approve', 'decline']),
  note: PlainText(1_000, { multiline: true }),
});
export type ReviewRequest = z.infer<typeof ReviewRequest>;

/** One event of an application's history as an auditor sees it: personal fields masked. */
export { AuditEvent } from '@baton/contracts';

/** `GET /v1/applications/:id/audit` (role `auditor`): the history and whether its hash chain verifies. */
export const AuditTrail = z.strictObject({ applicationId: z.string(), ...StreamAuditTrail.shape });
export type AuditTrail = z.infer<typeof AuditTrail>;
