import { z } from 'zod';
import { encounterSchema } from './encounter/encounter';

/**
 * The `triage.assess` run's input: the encounter with the id and time the API gave it, and the
 * pseudonymous subject id its registration fields are sealed under (the state store's per-subject
 * key: erasing the subject's key erases them).
 */
export const TriageRequest = z.strictObject({
  subjectId: z.string().regex(/^subj-[a-f0-9]{8,64}$/),
  receivedAt: z.iso.datetime(),
  encounter: encounterSchema,
});
export type TriageRequest = z.infer<typeof TriageRequest>;

/** What the model proposes: bounded fields; the workflow's guard judges them against the rules. */
export const TriageProposal = z.strictObject({
  esi: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  resources: z.array(z.string().max(40)).max(12),
  rationale: z.string().max(800),
  citations: z.array(z.string().max(60)).max(6),
});
export type TriageProposal = z.infer<typeof TriageProposal>;
