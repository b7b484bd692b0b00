import { v7 as uuidv7 } from 'uuid';
import type { MessageDefinition } from '@baton/contracts';
import { DEADLINE_HEADER } from '@baton/messaging';
import { toOutboxMessage, type OutboxMessage } from '@baton/state-store';
import { stepIdempotencyKey } from '../run/run-ids';
import type { RunState } from '../run/run-state';
import type { EngineDependencies } from './engine-dependencies';
import { runHeaders } from './run-headers';

/** What to send: the agent's pattern, the request and its payload, which attempt, and the deadline if any. */
export interface AgentCommandSpec {
  readonly stepId: string;
  readonly visit: number;
  readonly attempt: number;
  readonly pattern: string;
  readonly request: MessageDefinition;
  readonly payload: unknown;
  readonly deadline: string | null;
  /** Default `runId:stepId:epoch`; a compensation's adds its own suffix. */
  readonly idempotencyKey?: string;
}

/**
 * A command to an agent as an outbox message, with the headers that route its reply back to the
 * run (its step or branch, visit and attempt) and the step's deadline when it has one.
 */
export function agentCommand(
  deps: Pick<EngineDependencies, 'topology' | 'clock'>,
  run: RunState,
  actor: string,
  spec: AgentCommandSpec,
): { commandId: string; idempotencyKey: string; message: OutboxMessage } {
  const commandId = uuidv7();
  const idempotencyKey = spec.idempotencyKey ?? stepIdempotencyKey(run.runId, spec.stepId, run.epoch);
  const command = spec.request.create(spec.payload as never, {
    id: commandId,
    correlationId: run.correlationId,
    idempotencyKey,
    tenantId: run.tenantId,
    actor: { kind: 'service', id: actor },
    occurredAt: deps.clock.now().toISOString(),
  });
  const message = toOutboxMessage(command, {
    exchange: deps.topology.commandExchange,
    routingKey: spec.pattern,
    headers: {
      ...runHeaders(run.runId, spec.stepId, spec.visit, spec.attempt),
      'x-baton-reply-to': deps.topology.continuation.name,
      ...(spec.deadline ? { [DEADLINE_HEADER]: spec.deadline } : {}),
    },
  });
  return { commandId, idempotencyKey, message };
}
