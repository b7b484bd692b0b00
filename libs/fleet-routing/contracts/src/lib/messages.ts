import { z } from 'zod';
import { defineMessage } from '@baton/contracts';

/** The agent's command: look the case up in the outside registry. */
export const FleetLookupRequested = defineMessage(
  'fleet.lookup.requested',
  1,
  z.strictObject({ caseId: z.string(), reference: z.string() }),
);

/** The registry's answer: its rating of the case (0 worst, 100 best) and its record. */
export const FleetLookupReturned = defineMessage(
  'fleet.lookup.returned',
  1,
  z.strictObject({ caseId: z.string(), rating: z.int().min(0).max(100), record: z.string() }),
);

/** The model's answer: bounded, named features only (the model proposes, the domain decides). */
export const FleetAssessment = z.strictObject({
  complexity: z.enum(['routine', 'complex']),
  rationale: z.string().max(500),
});
export type FleetAssessment = z.infer<typeof FleetAssessment>;

/** A reviewer's answer to a referred case (the workflow's signal). */
export const FleetReview = z.strictObject({
  outcome: z.enum(['accept', 'reject']),
  reviewerId: z.string().min(1).max(200),
});
export type FleetReview = z.infer<typeof FleetReview>;

/** How a case ended, and who or what decided it. */
export const FleetDecision = z.strictObject({
  outcome: z.enum(['accepted', 'rejected']),
  decidedBy: z.enum(['rules', 'reviewer', 'expiry']),
  score: z.number(),
  reasons: z.array(z.string()),
});
export type FleetDecision = z.infer<typeof FleetDecision>;

/** Published when a case is decided, for whoever acts on it downstream. */
export const FleetCaseDecided = defineMessage(
  'fleet.case.decided',
  1,
  z.strictObject({ caseId: z.string(), decision: FleetDecision }),
);
