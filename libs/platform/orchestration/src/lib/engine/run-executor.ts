import { v7 as uuidv7 } from 'uuid';
import { ContractViolation, isContractViolation, permitMismatch, toContractIssues } from '@baton/contracts';
import { toOutboxMessage, type OutboxMessage } from '@baton/state-store';
import { OrchestrationError, isOrchestrationError } from '../definition/errors';
import type { Step, Transition } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { MODEL_INTENT } from '../definition/validate-graph';
import { ChildRunFinished, RunAdvanceRequested, RUN_HEADERS } from '../continuation/continuation-messages';
import { hashInput } from '../run/input-hash';
import { runIdFor, stepIdempotencyKey } from '../run/run-ids';
import { consumeSignal, RunState } from '../run/run-state';
import type { EngineDependencies } from './engine-dependencies';
import { plan, StepPlan } from './step-plan';

/**
 * Executes the step a run is at and says what to record. Pure steps are computed here; agent
 * calls, sleeps and unanswered signal waits are scheduled (the run then waits durably); policy
 * and model steps call their ports. Nothing is written here: the engine commits the plan.
 */
export class RunExecutor {
  constructor(private readonly deps: EngineDependencies) {}

  async execute(run: RunState, definition: WorkflowDefinition): Promise<StepPlan> {
    const stepId = run.current as string;
    const step = definition.steps[stepId] as Step<unknown>;
    const visit = (run.visits[stepId] ?? 0) + 1;
    if (visit > (step.maxVisits ?? 1)) {
      return plan([{ type: 'run.failed', data: { stepId, code: 'LOOP_LIMIT_EXCEEDED', message: `step ${stepId} entered ${visit} times (maxVisits ${step.maxVisits ?? 1})` } }]);
    }
    try {
      return await this.executeStep(run, definition, stepId, step, visit);
    } catch (error) {
      // A step that cannot run for a reason trying again will not fix ends the run, recorded.
      if (isOrchestrationError(error) || isContractViolation(error)) {
        return plan([{ type: 'run.failed', data: { stepId, code: error.code, message: error.message } }]);
      }
      throw error;
    }
  }

  private async executeStep(run: RunState, definition: WorkflowDefinition, stepId: string, step: Step<unknown>, visit: number): Promise<StepPlan> {
    const now = this.deps.clock.now();
    const at = now.toISOString();
    const completed = (state: unknown, next: string | null, output: unknown = null): StepPlan =>
      plan([{ type: 'run.step.completed', data: { stepId, visit, state: checkState(definition, stepId, state), next, output } }]);

    switch (step.kind) {
      case 'compute': {
        const state = step.run(run.state);
        return completed(state, follow(step.next, checkState(definition, stepId, state)));
      }
      case 'policy': {
        const context = step.context(run.state);
        const decision = await this.deps.policy.decide({ intent: step.intent, context, runId: run.runId, stepId, tenantId: run.tenantId, at });
        const gated = step.permits ? definition.steps[step.permits] : undefined;
        const permit = decision.effect === 'allow' && gated?.kind === 'model'
          ? this.deps.policy.mintPermit(decision, { runId: run.runId, stepId: step.permits as string, inputHash: hashInput(gated.input(run.state)), at })
          : null;
        const state = step.fold ? step.fold(run.state, decision) : run.state;
        const next = step.next[decision.effect];
        return plan([
          { type: 'run.policy.decided', data: { stepId, decision, permit } },
          { type: 'run.step.completed', data: { stepId, visit, state: checkState(definition, stepId, state), next, output: { effect: decision.effect, decisionId: decision.decisionId } } },
        ]);
      }
      case 'model': {
        const variables = step.input(run.state);
        const permit = run.permits[step.permit];
        const refusal = permit ? permitMismatch(permit, { intent: MODEL_INTENT, runId: run.runId, stepId, inputHash: hashInput(variables), at }) : `no permit from policy step ${step.permit}`;
        if (refusal) throw new OrchestrationError('PERMIT_REQUIRED', `model step ${stepId} refused: ${refusal}`);
        const { output, record } = await this.deps.model.invoke({
          runId: run.runId,
          stepId,
          tenantId: run.tenantId,
          idempotencyKey: stepIdempotencyKey(run.runId, stepId, run.epoch),
          permit: permit as NonNullable<typeof permit>,
          obligations: run.obligations[step.permit] ?? [],
          prompt: step.prompt,
          variables,
          output: step.output,
        });
        const state = step.fold(run.state, output);
        const done = completed(state, follow(step.next, checkState(definition, stepId, state)), output);
        return record ? plan([{ type: 'run.model.called', data: { stepId, call: record } }, ...done.events]) : done;
      }
      case 'agent': {
        const commandId = uuidv7();
        const idempotencyKey = stepIdempotencyKey(run.runId, stepId, run.epoch);
        const command = step.request.create(step.input(run.state), {
          id: commandId,
          correlationId: run.correlationId,
          idempotencyKey,
          tenantId: run.tenantId,
          actor: { kind: 'service', id: definition.id },
          occurredAt: at,
        });
        const message = toOutboxMessage(command, {
          exchange: this.deps.topology.commandExchange,
          routingKey: step.pattern,
          headers: { ...runHeaders(run.runId, stepId, visit), 'x-baton-reply-to': this.deps.topology.continuation.name },
        });
        return plan([{ type: 'run.step.scheduled', data: { stepId, visit, epoch: run.epoch, commandId, idempotencyKey, dueAt: null } }], [message]);
      }
      case 'signal': {
        const pending = consumeSignal(run, step.signal);
        if (pending) {
          const state = step.fold(run.state, pending.payload);
          return completed(state, step.next.received, { signalId: pending.signalId, payload: pending.payload });
        }
        const dueAt = step.timeoutMs === undefined ? null : new Date(now.getTime() + step.timeoutMs).toISOString();
        return this.waitFor(run, stepId, visit, dueAt);
      }
      case 'sleep':
        return this.waitFor(run, stepId, visit, new Date(now.getTime() + step.ms(run.state)).toISOString());
      case 'emit': {
        const event = step.event.create(step.payload(run.state), {
          correlationId: run.correlationId,
          idempotencyKey: `${stepIdempotencyKey(run.runId, stepId, run.epoch)}:${visit}`,
          tenantId: run.tenantId,
          actor: { kind: 'service', id: definition.id },
          occurredAt: at,
        });
        const done = completed(run.state, follow(step.next, run.state), { eventId: event.id });
        return plan(done.events, [toOutboxMessage(event, { exchange: this.deps.topology.eventExchange, headers: runHeaders(run.runId, stepId, visit) })]);
      }
      case 'child': {
        const childDefinition = this.deps.workflows.latest(step.workflowId);
        const input = parse(childDefinition.input, step.input(run.state), `${step.workflowId} input`);
        const childRunId = runIdFor(childDefinition.id, run.tenantId, `${run.runId}:${stepId}:${visit}:${run.epoch}`);
        const childState = parse(childDefinition.state, childDefinition.initialState(input), `${step.workflowId} state`);
        const started = {
          type: 'run.started' as const,
          data: { workflowId: childDefinition.id, version: childDefinition.version, startStep: childDefinition.start, input, state: childState, tenantId: run.tenantId, correlationId: run.correlationId, parent: { runId: run.runId, stepId, visit } },
        };
        const advance = this.advanceMessage(childRunId, run);
        return plan(
          [{ type: 'run.step.scheduled', data: { stepId, visit, epoch: run.epoch, commandId: childRunId, idempotencyKey: childRunId, dueAt: null } }],
          [advance],
          async (tx) => {
            await this.deps.events.append(childRunId, 'no_stream', [{ eventId: uuidv7(), type: started.type, schemaVersion: 1, data: started.data, occurredAt: at }], tx);
            await tx.query(
              `INSERT INTO workflow_runs (run_id, workflow_id, version, tenant_id, status, current_step, stream_version, started_at, updated_at)
               VALUES ($1, $2, $3, $4, 'running', $5, 1, $6, $6)`,
              [childRunId, childDefinition.id, childDefinition.version, run.tenantId, childDefinition.start, at],
            );
          },
        );
      }
      case 'end': {
        const finished = plan([{ type: 'run.completed', data: { outcome: step.outcome, state: run.state, reason: step.reason ?? null } }]);
        if (!run.parent) return finished;
        const report = ChildRunFinished.create(
          { childRunId: run.runId, outcome: step.outcome, state: JSON.parse(JSON.stringify(run.state)) as never },
          { correlationId: run.correlationId, tenantId: run.tenantId, actor: { kind: 'service', id: definition.id }, occurredAt: at },
        );
        return plan(finished.events, [toOutboxMessage(report, { exchange: '', routingKey: this.deps.topology.continuation.name, headers: runHeaders(run.parent.runId, run.parent.stepId, run.parent.visit) })]);
      }
    }
  }

  /** A message that makes some orchestrator worker advance the run. */
  advanceMessage(runId: string, run: { correlationId: string; tenantId: string }): OutboxMessage {
    const envelope = RunAdvanceRequested.create({ runId }, { correlationId: run.correlationId, tenantId: run.tenantId, actor: { kind: 'system', id: 'orchestration' } });
    return toOutboxMessage(envelope, { exchange: '', routingKey: this.deps.topology.continuation.name, headers: { [RUN_HEADERS.runId]: runId } });
  }

  private waitFor(run: RunState, stepId: string, visit: number, dueAt: string | null): StepPlan {
    const scheduled = plan([{ type: 'run.step.scheduled', data: { stepId, visit, epoch: run.epoch, commandId: uuidv7(), idempotencyKey: stepIdempotencyKey(run.runId, stepId, run.epoch), dueAt } }]);
    if (!dueAt) return scheduled;
    return plan(scheduled.events, [], async (tx) => {
      await tx.query('INSERT INTO workflow_timers (run_id, step_id, visit, epoch, due_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [run.runId, stepId, visit, run.epoch, dueAt]);
    });
  }
}

/** Headers that route a continuation back to its run and step. */
export function runHeaders(runId: string, stepId: string, visit: number): Record<string, string> {
  return { [RUN_HEADERS.runId]: runId, [RUN_HEADERS.stepId]: stepId, [RUN_HEADERS.visit]: String(visit) };
}

/** The step a transition leads to for a state. */
export function follow<S>(transition: Transition<S>, state: S): string {
  if (typeof transition === 'string') return transition;
  return transition.when.find((branch) => branch.if(state))?.to ?? transition.otherwise;
}

function checkState(definition: WorkflowDefinition, stepId: string, state: unknown): unknown {
  return parse(definition.state, state, `${definition.id} state after step ${stepId}`);
}

function parse<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof toContractIssues>[0] } } }, value: unknown, label: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ContractViolation(label, toContractIssues(result.error.issues));
}
