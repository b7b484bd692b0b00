import { z } from 'zod';

/**
 * What a client submits (`POST /v1/cases`): the sample vertical's unit of work. Replace it with
 * your own (docs/guides/new-vertical.md). Strict at every level: an unknown field is a 400 naming it.
 */
export const FleetCase = z.strictObject({
  /** The case's reference in the outside system (identifying: the model never sees it). */
  reference: z.string().regex(/^[A-Z0-9-]{3,40}$/, 'must be 3 to 40 upper-case letters, digits or "-"'),
  /** What is at stake, in the vertical's unit. */
  value: z.number().nonnegative().max(1_000_000_000),
  /** Free text from the client: data, never an instruction to the model. */
  summary: z.string().min(1).max(2_000),
});
export type FleetCase = z.infer<typeof FleetCase>;

/** The workflow's input: the case with the id and time the API gave it. */
export const FleetCaseRequest = z.strictObject({
  caseId: z.string().min(1),
  receivedAt: z.iso.datetime(),
  case: FleetCase,
});
export type FleetCaseRequest = z.infer<typeof FleetCaseRequest>;
