import { createHash } from 'node:crypto';

/**
 * A run's id from the workflow, tenant and the caller's idempotency key: starting twice with
 * one key finds the same run.
 */
export function runIdFor(workflowId: string, tenantId: string, idempotencyKey: string): string {
  return `run-${createHash('sha256').update(`${tenantId}\u0000${workflowId}\u0000${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

/** The idempotency key of a step's outside calls: changes only with the retry epoch. */
export function stepIdempotencyKey(runId: string, stepId: string, epoch: number): string {
  return `${runId}:${stepId}:${epoch}`;
}
