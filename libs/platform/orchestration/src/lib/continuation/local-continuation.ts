import type { OutboxMessage } from '@baton/state-store';
import { OrchestrationError } from '../definition/errors';
import type { WorkflowEngine } from '../engine/workflow-engine';
import { RUN_HEADERS } from './continuation-messages';

/**
 * Eager continuation: an agent's committed reply handed straight to this process's engine,
 * for `BatonRmqServer`'s `continueLocally`. The run advances as it would from the continuation
 * queue (the reply's run, step, visit and attempt headers say where it belongs); the broker
 * round trip of the reply is saved. The reply is still in the outbox, so a failure here, or a
 * crash, falls back to the queue and any orchestrator (ADR 17).
 *
 * @example new BatonRmqServer({ url, topology, registry, inbox, outbox: dispatcher, continueLocally: continueLocally(engine) });
 */
export function continueLocally(engine: WorkflowEngine): (reply: OutboxMessage) => Promise<void> {
  return async (reply) => {
    const header = (name: string): string | null => reply.headers[name] ?? null;
    const runId = header(RUN_HEADERS.runId);
    if (!runId)
      throw new OrchestrationError(
        'UNKNOWN_RUN',
        `reply ${reply.messageId} names no run (${RUN_HEADERS.runId}); it goes through the continuation queue`,
      );
    const visit = header(RUN_HEADERS.visit);
    const attempt = header(RUN_HEADERS.attempt);
    await engine.continueWith(reply.envelope, {
      runId,
      stepId: header(RUN_HEADERS.stepId),
      visit: visit === null ? null : Number(visit),
      attempt: attempt === null ? null : Number(attempt),
    });
  };
}
