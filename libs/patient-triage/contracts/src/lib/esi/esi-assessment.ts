import { z } from 'zod';
import { reasonCodeSchema } from '@baton/contracts';
import { decisionPointSchema, esiLevelSchema, resourceKindSchema } from './esi-level';

/** One reason a clinician reads: a stable code, the field or finding it is about, and a sentence. */
export const triageReasonSchema = z.strictObject({
  code: reasonCodeSchema,
  /** The vital (`vitals.spo2`), `pain`, or finding (`finding:chest-pain`) it concerns, if any. */
  subject: z.string().max(100).nullable(),
  message: z.string().min(1).max(500),
});
export type TriageReason = z.infer<typeof triageReasonSchema>;

export const expectedResourceSchema = z.strictObject({
  kind: resourceKindSchema,
  /** 2 for a complex procedure, else 1. */
  counts: z.union([z.literal(1), z.literal(2)]),
  /** The findings that call for it. */
  because: z.array(z.string().max(60)).max(50),
});
export type ExpectedResource = z.infer<typeof expectedResourceSchema>;

/** Free-text findings: present, negated ("denies chest pain") and historical ("history of MI"). */
export const findingSummarySchema = z.strictObject({
  present: z.array(z.string().max(60)).max(100),
  negated: z.array(z.string().max(60)).max(100),
  historical: z.array(z.string().max(60)).max(100),
  /** Languages whose lexicon matched (`en`, `es`). */
  languages: z.array(z.string().max(10)).max(10),
  /** False when no complaint finding was recognised: the level then rests on vitals alone. */
  understood: z.boolean(),
});
export type FindingSummary = z.infer<typeof findingSummarySchema>;

/**
 * The rules' ESI result: the level, the decision point and rule that set it, the resources they
 * expect, and every reason, missing vitals included, so a clinician can see why.
 */
export const esiAssessmentSchema = z.strictObject({
  level: esiLevelSchema,
  decisionPoint: decisionPointSchema,
  /** A stable rule id such as `B.high-risk.chest-pain` or `D.danger-zone.heart-rate`. */
  rule: z.string().regex(/^[ABCD]\.[a-z0-9.-]+$/),
  resources: z.array(expectedResourceSchema).max(20),
  resourceCount: z.number().int().min(0),
  findings: findingSummarySchema,
  reasons: z.array(triageReasonSchema).max(100),
  /** A nurse must look: the text was not understood, or a vital the rule needed was not taken. */
  needsNurseReview: z.boolean(),
});
export type EsiAssessment = z.infer<typeof esiAssessmentSchema>;
