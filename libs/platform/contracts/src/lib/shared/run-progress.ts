import { z } from 'zod';

/**
 * One step a run has been through, as a vertical's API shows it (`GET /v1/<resources>/:id`):
 * scheduled steps are left out. Verticals' contracts reuse it, so every API reads alike.
 */
export const RunStepView = z.strictObject({
  step: z.string(),
  status: z.enum(['completed', 'retrying', 'compensated']),
  at: z.iso.datetime(),
});
export type RunStepView = z.infer<typeof RunStepView>;

/** Why a run ended without its result, as an API shows it: a code and a message, no internals. */
export const RunFailureView = z.strictObject({ code: z.string(), message: z.string() });
export type RunFailureView = z.infer<typeof RunFailureView>;
