import { z } from 'zod';
import { defineMessage } from '@baton/contracts';

/** The agent's command: look the case up in the outside registry. */
export const TriageLookupRequested = defineMessage(
  'triage.lookup.requested',
  1,
  z.strictObject({ caseId: z.string(), reference: z.string() }),
);

/** The registry's answer: its rating of the case (0 worst, 100 best) and its record. */
export const TriageLookupReturned = defineMessage(
  'triage.lookup.returned',
  1,
  z.strictObject({ caseId: z.string(), rating: z.int().min(0).max(100), record: z.string() }),
);

/** The model's answer: bounded, named features only (the model proposes, the domain decides). */
export const TriageAssessment = z.strictObject({
  complexity: z.enum(['routine', 'complex']),
  rationale: z.string().max(500),
});
export type TriageAssessment = z.infer<typeof TriageAssessment>;

/** A reviewer's answer to a referred case (the workflow's signal). */
export const TriageReview = z.strictObject({
  outcome: z.enum(['accept', 'reject']),
  reviewerId: z.string().min(1).max(200),
});
export type TriageReview = z.infer<typeof TriageReview>;

/** How a case ended, and who or what decided it. */
export const TriageDecision = z.strictObject({
  outcome: z.enum(['accepted', 'rejected']),
  decidedBy: z.enum(['rules', 'reviewer', 'expiry']),
  score: z.number(),
  reasons: z.array(z.string()),
});
export type TriageDecision = z.infer<typeof TriageDecision>;

/** Published when a case is decided, for whoever acts on it downstream. */
export const TriageCaseDecided = defineMessage(
  'triage.case.decided',
  1,
  z.strictObject({ caseId: z.string(), decision: TriageDecision }),
);
