import { z } from 'zod';
import { AgentFailed, defineMessage, MessageRegistry } from '@baton/contracts';

/** Asks any orchestrator worker to advance a run (after start, a signal, a retry, a timer). */
export const RunAdvanceRequested = defineMessage(
  'baton.run.advance-requested',
  1,
  z.strictObject({ runId: z.string().min(1) }),
);

/** A child run finished; its parent continues. */
export const ChildRunFinished = defineMessage(
  'baton.run.child-finished',
  1,
  z.strictObject({
    childRunId: z.string().min(1),
    outcome: z.enum(['completed', 'failed', 'cancelled']),
    state: z.json(),
  }),
);

/** Headers that tie a continuation to its run and step. */
export const RUN_HEADERS = {
  runId: 'x-baton-run-id',
  stepId: 'x-baton-step-id',
  visit: 'x-baton-visit',
  attempt: 'x-baton-attempt',
} as const;

export function continuationMessages(): MessageRegistry {
  return new MessageRegistry('orchestration').register(RunAdvanceRequested, AgentFailed, ChildRunFinished);
}
