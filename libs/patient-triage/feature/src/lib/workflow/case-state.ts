import { z } from 'zod';
import { TriageAssessment, TriageCaseRequest, TriageDecision, TriageReview } from '@baton/patient-triage-contracts';

/** The case run's state: the request, each finding as it arrives, and the decision. */
export const TriageCaseState = z.strictObject({
  request: TriageCaseRequest,
  lookup: z.strictObject({ rating: z.number(), record: z.string() }).nullable(),
  assessment: TriageAssessment.nullable(),
  /** Set while the case waits for a reviewer. */
  referral: z.strictObject({ score: z.number(), reasons: z.array(z.string()) }).nullable(),
  review: TriageReview.nullable(),
  decision: TriageDecision.nullable(),
});
export type TriageCaseState = z.infer<typeof TriageCaseState>;

export const initialTriageCaseState = (request: TriageCaseRequest): TriageCaseState => ({
  request,
  lookup: null,
  assessment: null,
  referral: null,
  review: null,
  decision: null,
});
