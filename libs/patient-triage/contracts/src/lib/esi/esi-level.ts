import { z } from 'zod';

/** Emergency Severity Index: 1 is the most urgent (immediate), 5 the least. */
export const esiLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type EsiLevel = z.infer<typeof esiLevelSchema>;

/** The ESI algorithm's four questions: A life-saving, B high-risk, C resources, D danger-zone vitals. */
export const decisionPointSchema = z.enum(['A', 'B', 'C', 'D']);
export type DecisionPoint = z.infer<typeof decisionPointSchema>;

/**
 * What the ESI handbook counts as a resource (decision point C). A complex procedure counts twice;
 * everything else once per kind, however many tests of that kind (a CBC and electrolytes are one).
 */
export const resourceKindSchema = z.enum([
  'labs',
  'ecg',
  'x-ray',
  'advanced-imaging',
  'iv-fluids',
  'parenteral-medication',
  'specialty-consultation',
  'simple-procedure',
  'complex-procedure',
]);
export type ResourceKind = z.infer<typeof resourceKindSchema>;
