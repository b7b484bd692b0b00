import { OutboxMessage, toOutboxMessage } from '@baton/state-store';
import { ChildRunFinished } from '../continuation/continuation-messages';
import type { EngineClock } from '../ports/clock';
import type { RunState } from '../run/run-state';
import { runHeaders } from './run-headers';

/** A child's end, reported to its parent in the transaction that records it. */
export function childReport(run: RunState, clock: EngineClock, continuationQueue: string): OutboxMessage[] {
  if (!run.parent) return [];
  const outcome = run.status === 'completed' ? 'completed' : run.status === 'cancelled' ? 'cancelled' : 'failed';
  const report = ChildRunFinished.create(
    { childRunId: run.runId, outcome, state: JSON.parse(JSON.stringify(run.state ?? null)) as never },
    {
      correlationId: run.correlationId,
      tenantId: run.tenantId,
      actor: { kind: 'service', id: run.workflowId },
      occurredAt: clock.now().toISOString(),
    },
  );
  return [
    toOutboxMessage(report, {
      exchange: '',
      routingKey: continuationQueue,
      headers: runHeaders(run.parent.runId, run.parent.stepId, run.parent.visit),
    }),
  ];
}
