import { z } from 'zod';

/** One event of a record's history as an auditor sees it: personal fields masked. */
export const AuditEvent = z.strictObject({
  version: z.number().int(),
  type: z.string(),
  occurredAt: z.iso.datetime(),
  data: z.unknown(),
  hash: z.string(),
  prevHash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** Whether a stream's hash chain verifies, and its first broken link when it does not. */
export const AuditVerification = z.strictObject({
  eventsChecked: z.number().int(),
  /** The first broken link, when the chain does not verify. */
  firstProblem: z
    .strictObject({ version: z.number().int().nullable(), kind: z.string(), detail: z.string() })
    .nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

/**
 * One stream's audit trail (`auditTrail` of `@baton/state-store`): its events and their
 * verification. Verticals' audit routes spread its shape beside their own record id.
 *
 * @example const AuditTrail = z.strictObject({ applicationId: z.string(), ...StreamAuditTrail.shape });
 */
export const StreamAuditTrail = z.strictObject({
  verified: z.boolean(),
  verification: AuditVerification,
  events: z.array(AuditEvent),
});
export type StreamAuditTrail = z.infer<typeof StreamAuditTrail>;
