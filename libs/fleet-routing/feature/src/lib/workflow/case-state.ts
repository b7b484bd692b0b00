import { z } from 'zod';
import { FleetAssessment, FleetCaseRequest, FleetDecision, FleetReview } from '@baton/fleet-routing-contracts';

/** The case run's state: the request, each finding as it arrives, and the decision. */
export const FleetCaseState = z.strictObject({
  request: FleetCaseRequest,
  lookup: z.strictObject({ rating: z.number(), record: z.string() }).nullable(),
  assessment: FleetAssessment.nullable(),
  /** Set while the case waits for a reviewer. */
  referral: z.strictObject({ score: z.number(), reasons: z.array(z.string()) }).nullable(),
  review: FleetReview.nullable(),
  decision: FleetDecision.nullable(),
});
export type FleetCaseState = z.infer<typeof FleetCaseState>;

export const initialFleetCaseState = (request: FleetCaseRequest): FleetCaseState => ({
  request,
  lookup: null,
  assessment: null,
  referral: null,
  review: null,
  decision: null,
});
