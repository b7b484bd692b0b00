import { v7 as uuidv7 } from 'uuid';
import { timeout, TimeoutStrategy } from 'cockatiel';
import {
  ContractViolation,
  isBatonError,
  isContractViolation,
  permitMismatch,
  toContractIssues,
} from '@baton/contracts';
import { toOutboxMessage, type OutboxMessage } from '@baton/state-store';
import { OrchestrationError } from '../definition/errors';
import type { Step, Transition } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { MODEL_INTENT } from '../definition/validate-graph';
import { RunAdvanceRequested, RUN_HEADERS } from '../continuation/continuation-messages';
import { hashInput } from '../run/input-hash';
import { runIdFor, stepIdempotencyKey } from '../run/run-ids';
import { consumeSignal, RunState } from '../run/run-state';
import { isCockatielTimeout } from '../resilience/cockatiel-errors';
import { inSpan } from '../tracing/run-spans';
import type { EngineDependencies } from './engine-dependencies';
import { runHeaders } from './run-headers';
import { RunRecovery } from './run-recovery';
import { plan, StepPlan, withTimer } from './step-plan';

/** Which visit and attempt of the current step to execute (a retry repeats a visit). */
export interface Attempt {
  readonly visit: number;
  readonly attempt: number;
}

/**
 * Executes the step a run is at and says what to record. Pure steps are computed here; agent
 * calls, sleeps and unanswered signal waits are scheduled (the run then waits durably); policy
 * and model steps call their ports. Nothing is written here: the engine commits the plan.
 */
export class RunExecutor {
  readonly recovery: RunRecovery;

  constructor(private readonly deps: EngineDependencies) {
    this.recovery = new RunRecovery(deps);
  }

  /** Plans the run's next move: its current step (or, for a retry, the same visit again), or its next compensation. */
  async execute(run: RunState, definition: WorkflowDefinition, retry?: Attempt): Promise<StepPlan> {
    if (run.status === 'compensating') return this.recovery.compensateNext(run, definition, retry?.attempt);
    const stepId = run.current as string;
    const step = definition.steps[stepId] as Step<unknown>;
    const visit = retry?.visit ?? (run.visits[stepId] ?? 0) + 1;
    const attempt = retry?.attempt ?? 1;
    if (visit > (step.maxVisits ?? 1)) {
      return this.recovery.fail(run, definition, {
        stepId,
        code: 'LOOP_LIMIT_EXCEEDED',
        message: `step ${stepId} entered ${visit} times (maxVisits ${step.maxVisits ?? 1})`,
      });
    }
    try {
      return await inSpan(
        `step ${stepId}`,
        {
          'baton.run.id': run.runId,
          'baton.step.id': stepId,
          'baton.step.kind': step.kind,
          'baton.step.visit': visit,
          'baton.step.attempt': attempt,
        },
        () => this.executeStep(run, definition, stepId, step, visit, attempt),
      );
    } catch (error) {
      // A step that cannot run for a reason trying again will not fix ends the run, recorded;
      // a typed retryable failure (a model timeout, an open circuit) is retried after backoff.
      if (isContractViolation(error) || (isBatonError(error) && !error.retryable)) {
        return this.recovery.fail(run, definition, { stepId, code: error.code, message: error.message });
      }
      if (isBatonError(error) || isCockatielTimeout(error)) {
        const failure = isBatonError(error)
          ? { code: error.code, message: error.message }
          : { code: 'STEP_TIMED_OUT', message: `step ${stepId} took longer than ${step.timeoutMs} ms` };
        return this.recovery.retryOrFail(run, definition, { stepId, visit, attempt }, { ...failure, retryable: true });
      }
      throw error;
    }
  }

  private async executeStep(
    run: RunState,
    definition: WorkflowDefinition,
    stepId: string,
    step: Step<unknown>,
    visit: number,
    attempt: number,
  ): Promise<StepPlan> {
    const now = this.deps.clock.now();
    const at = now.toISOString();
    const completed = (state: unknown, next: string | null, output: unknown = null): StepPlan =>
      plan([
        {
          type: 'run.step.completed',
          data: { stepId, visit, state: checkState(definition, stepId, state), next, output },
        },
      ]);

    switch (step.kind) {
      case 'compute': {
        const state = step.run(run.state);
        return completed(state, follow(step.next, checkState(definition, stepId, state)));
      }
      case 'policy': {
        const context = step.context(run.state);
        const request = { intent: step.intent, context, runId: run.runId, stepId, tenantId: run.tenantId, at };
        const policy = this.port('policy', stepId);
        const { decision, auditEvent } = await inSpan(
          `policy.decide ${step.intent}`,
          { 'baton.policy.intent': step.intent },
          async (span) => {
            const decided = await withDeadline(step.timeoutMs, async () =>
              policy.decideWithin
                ? policy.decideWithin(request)
                : { decision: await policy.decide(request), auditEvent: null },
            );
            span.setAttributes({
              'baton.policy.effect': decided.decision.effect,
              'baton.policy.id': decided.decision.policyId,
              'baton.policy.version': decided.decision.policyVersion,
            });
            return decided;
          },
        );
        const gated = step.permits ? definition.steps[step.permits] : undefined;
        const permit =
          decision.effect === 'allow' && gated?.kind === 'model'
            ? policy.mintPermit(decision, {
                runId: run.runId,
                stepId: step.permits as string,
                inputHash: hashInput(gated.input(run.state)),
                at,
              })
            : null;
        const state = step.fold ? step.fold(run.state, decision) : run.state;
        const next = step.next[decision.effect];
        return plan([
          ...(auditEvent ? [{ ...auditEvent, type: 'baton.policy.decided' as const }] : []),
          { type: 'run.policy.decided', data: { stepId, decision, permit } },
          {
            type: 'run.step.completed',
            data: {
              stepId,
              visit,
              state: checkState(definition, stepId, state),
              next,
              output: { effect: decision.effect, decisionId: decision.decisionId },
            },
          },
        ]);
      }
      case 'model': {
        const variables = step.input(run.state);
        const permit = run.permits[step.permit];
        const refusal = permit
          ? permitMismatch(permit, {
              intent: MODEL_INTENT,
              runId: run.runId,
              stepId,
              inputHash: hashInput(variables),
              at,
            })
          : `no permit from policy step ${step.permit}`;
        if (refusal) throw new OrchestrationError('PERMIT_REQUIRED', `model step ${stepId} refused: ${refusal}`);
        const { output, record } = await inSpan(
          `llm.invoke ${step.prompt.templateId}`,
          { 'baton.prompt.id': step.prompt.templateId, 'baton.prompt.version': step.prompt.templateVersion },
          async (span) => {
            const answered = await withDeadline(step.timeoutMs, () =>
              this.port('model', stepId).invoke({
                runId: run.runId,
                stepId,
                tenantId: run.tenantId,
                idempotencyKey: stepIdempotencyKey(run.runId, stepId, run.epoch),
                permit: permit as NonNullable<typeof permit>,
                obligations: run.obligations[step.permit] ?? [],
                prompt: step.prompt,
                variables,
                output: step.output,
              }),
            );
            if (answered.record) {
              span.setAttributes({
                'gen_ai.system': answered.record.provider,
                'gen_ai.request.model': answered.record.model,
                'gen_ai.usage.input_tokens': answered.record.usage.inputTokens,
                'gen_ai.usage.output_tokens': answered.record.usage.outputTokens,
                'baton.llm.cost_usd': answered.record.costUsd,
              });
            }
            return answered;
          },
        );
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
          headers: {
            ...runHeaders(run.runId, stepId, visit, attempt),
            'x-baton-reply-to': this.deps.topology.continuation.name,
          },
        });
        const scheduled = plan(
          [
            {
              type: 'run.step.scheduled',
              data: {
                stepId,
                visit,
                epoch: run.epoch,
                commandId,
                idempotencyKey,
                dueAt: null,
                attempt,
                waitsFor: 'reply',
              },
            },
          ],
          [message],
        );
        if (step.timeoutMs === undefined) return scheduled;
        // The reply's deadline is a durable timer too: a lost worker still times the attempt out.
        const deadline = new Date(now.getTime() + step.timeoutMs).toISOString();
        return withTimer(
          scheduled,
          { runId: run.runId, stepId, visit, epoch: run.epoch, attempt, kind: 'timeout' },
          deadline,
        );
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
        return plan(done.events, [
          toOutboxMessage(event, {
            exchange: this.deps.topology.eventExchange,
            headers: runHeaders(run.runId, stepId, visit),
          }),
        ]);
      }
      case 'child': {
        const childDefinition =
          step.version === undefined
            ? this.deps.workflows.latest(step.workflowId)
            : this.deps.workflows.get(step.workflowId, step.version);
        const input = parse(childDefinition.input, step.input(run.state), `${step.workflowId} input`);
        const childRunId = runIdFor(childDefinition.id, run.tenantId, `${run.runId}:${stepId}:${visit}:${run.epoch}`);
        const childState = parse(
          childDefinition.state,
          childDefinition.initialState(input),
          `${step.workflowId} state`,
        );
        const started = {
          type: 'run.started' as const,
          data: {
            workflowId: childDefinition.id,
            version: childDefinition.version,
            startStep: childDefinition.start,
            input,
            state: childState,
            tenantId: run.tenantId,
            correlationId: run.correlationId,
            parent: { runId: run.runId, stepId, visit },
          },
        };
        const advance = this.advanceMessage(childRunId, run);
        return plan(
          [
            {
              type: 'run.step.scheduled',
              data: {
                stepId,
                visit,
                epoch: run.epoch,
                commandId: childRunId,
                idempotencyKey: childRunId,
                dueAt: null,
                attempt: 1,
                waitsFor: 'reply',
              },
            },
          ],
          [advance],
          [
            {
              runId: childRunId,
              expected: 'no_stream',
              events: [{ eventId: uuidv7(), type: started.type, schemaVersion: 1, data: started.data, occurredAt: at }],
              projection: {
                runId: childRunId,
                workflowId: childDefinition.id,
                version: childDefinition.version,
                tenantId: run.tenantId,
                status: 'running',
                currentStep: childDefinition.start,
                streamVersion: 1,
                startedAt: at,
                updatedAt: at,
              },
            },
          ],
        );
      }
      case 'end':
        // A parent learns of its child's end from the repository, whatever way the child ended.
        if (step.outcome === 'failed')
          return this.recovery.fail(
            run,
            definition,
            { stepId, code: 'WORKFLOW_FAILED', message: step.reason ?? 'ended as failed' },
            'completed',
          );
        return plan([
          { type: 'run.completed', data: { outcome: step.outcome, state: run.state, reason: step.reason ?? null } },
        ]);
    }
  }

  /** A message that makes some orchestrator worker advance the run. */
  /** The policy or model port, or a retryable refusal in a process that has none (a run client). */
  private port<K extends 'policy' | 'model'>(kind: K, stepId: string): NonNullable<EngineDependencies[K]> {
    const port = this.deps[kind];
    if (!port) {
      throw new OrchestrationError(
        'PORT_NOT_CONFIGURED',
        `step ${stepId} needs a ${kind} port, and this process has none: a worker takes it`,
      );
    }
    return port as NonNullable<EngineDependencies[K]>;
  }

  advanceMessage(runId: string, run: { correlationId: string; tenantId: string }): OutboxMessage {
    const envelope = RunAdvanceRequested.create(
      { runId },
      { correlationId: run.correlationId, tenantId: run.tenantId, actor: { kind: 'system', id: 'orchestration' } },
    );
    return toOutboxMessage(envelope, {
      exchange: '',
      routingKey: this.deps.topology.continuation.name,
      headers: { [RUN_HEADERS.runId]: runId },
    });
  }

  private waitFor(run: RunState, stepId: string, visit: number, dueAt: string | null): StepPlan {
    const scheduled = plan([
      {
        type: 'run.step.scheduled',
        data: {
          stepId,
          visit,
          epoch: run.epoch,
          commandId: uuidv7(),
          idempotencyKey: stepIdempotencyKey(run.runId, stepId, run.epoch),
          dueAt,
          attempt: 1,
          waitsFor: 'wake',
        },
      },
    ]);
    if (!dueAt) return scheduled;
    return withTimer(scheduled, { runId: run.runId, stepId, visit, epoch: run.epoch, attempt: 1, kind: 'wake' }, dueAt);
  }
}

/** Runs an in-process call under the step's deadline (cockatiel, aggressive: the run moves on at once). */
function withDeadline<T>(timeoutMs: number | undefined, call: () => Promise<T>): Promise<T> {
  if (timeoutMs === undefined) return call();
  return timeout(timeoutMs, TimeoutStrategy.Aggressive).execute(() => call());
}

/** The step a transition leads to for a state. */
export function follow<S>(transition: Transition<S>, state: S): string {
  if (typeof transition === 'string') return transition;
  return transition.when.find((branch) => branch.if(state))?.to ?? transition.otherwise;
}

function checkState(definition: WorkflowDefinition, stepId: string, state: unknown): unknown {
  return parse(definition.state, state, `${definition.id} state after step ${stepId}`);
}

function parse<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof toContractIssues>[0] } };
  },
  value: unknown,
  label: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ContractViolation(label, toContractIssues(result.error.issues));
}
