import { v7 as uuidv7 } from 'uuid';
import { isBatonError, isContractViolation, permitMismatch } from '@baton/contracts';
import { toOutboxMessage, type OutboxMessage } from '@baton/state-store';
import { findStep } from '../definition/branch-steps';
import { isOrchestrationError, OrchestrationError } from '../definition/errors';
import { signalNames, type PolicyStep, type Step } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { MODEL_INTENT } from '../definition/validate-graph';
import { RunAdvanceRequested, RUN_HEADERS } from '../continuation/continuation-messages';
import { hashInput } from '../run/input-hash';
import { stepIdempotencyKey } from '../run/run-ids';
import { consumeSignal, RunState } from '../run/run-state';
import { isCockatielTimeout } from '../resilience/cockatiel-errors';
import { inSpan } from '../tracing/run-spans';
import { agentCommand } from './agent-command';
import { childStartPlan } from './child-start';
import {
  callWithin,
  deadlineAt,
  DeadlineReason,
  enterDeadline,
  takeDeadlineEdge,
  withDeadlineTimer,
} from './deadlines';
import type { EngineDependencies } from './engine-dependencies';
import { checkState, follow } from './follow';
import { ParallelSteps } from './parallel-step';
import { runHeaders } from './run-headers';
import { RunRecovery } from './run-recovery';
import { plan, StepPlan, withTimer } from './step-plan';

export { follow } from './follow';

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
  readonly parallel: ParallelSteps;

  constructor(private readonly deps: EngineDependencies) {
    this.recovery = new RunRecovery(deps);
    this.parallel = new ParallelSteps(deps, this.recovery, (...args) => this.executeStep(...args));
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
    const now = this.deps.clock.now();
    const entered = enterDeadline(run, stepId, visit, step, now);
    const deadline = deadlineAt(entered.run, stepId, visit);
    const result =
      deadline !== null && new Date(deadline).getTime() <= now.getTime()
        ? this.atDeadline(entered.run, definition, stepId, visit, 'DEADLINE_PASSED')
        : await this.attempt(entered.run, definition, stepId, step, visit, attempt);
    return entered.events.length === 0 ? result : { ...result, events: [...entered.events, ...result.events] };
  }

  /** The step leaves by `onDeadline` (a parallel step with the branches that finished), or fails. */
  atDeadline(run: RunState, definition: WorkflowDefinition, stepId: string, visit: number, reason: DeadlineReason) {
    const step = definition.steps[stepId] as Step<unknown>;
    // A group step whose branches never started leaves like any other step.
    if ((step.kind === 'parallel' || step.kind === 'fanOut') && run.parallel[stepId]?.visit === visit)
      return this.parallel.atDeadline(run, definition, stepId, reason);
    return takeDeadlineEdge(run, definition, stepId, visit, reason, (failure) =>
      this.recovery.fail(run, definition, failure),
    );
  }

  private async attempt(
    run: RunState,
    definition: WorkflowDefinition,
    stepId: string,
    step: Step<unknown>,
    visit: number,
    attempt: number,
  ): Promise<StepPlan> {
    const attributes = { 'baton.run.id': run.runId, 'baton.step.id': stepId, 'baton.step.kind': step.kind };
    try {
      return await inSpan(
        `step ${stepId}`,
        { ...attributes, 'baton.step.visit': visit, 'baton.step.attempt': attempt },
        () => this.executeStep(run, definition, stepId, step, visit, attempt),
      );
    } catch (error) {
      // A step that cannot run for a reason trying again will not fix ends the run, recorded;
      // a typed retryable failure (a model timeout, an open circuit) is retried after backoff.
      if (isContractViolation(error))
        return this.recovery.fail(run, definition, { stepId, code: error.code, message: error.message });
      if (isOrchestrationError(error, 'DEADLINE_EXCEEDED'))
        return this.atDeadline(run, definition, stepId, visit, 'DEADLINE_PASSED');
      if (!isBatonError(error) && !isCockatielTimeout(error)) throw error;
      const failure = isBatonError(error)
        ? { code: error.code, message: error.message, retryable: error.retryable }
        : { code: 'STEP_TIMED_OUT', message: `step ${stepId} took longer than ${step.timeoutMs} ms`, retryable: true };
      return this.recovery.retryOrFail(run, definition, { stepId, visit, attempt }, failure);
    }
  }

  /** Executes one step (or, under its branch id, one branch of a parallel step). */
  async executeStep(
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
      case 'parallel':
      case 'fanOut':
        return this.parallel.start(run, definition, stepId, step, visit);
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
            const decided = await callWithin(step.timeoutMs, deadlineAt(run, stepId, visit), now, async () =>
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
        const gated = step.permits ? findStep(definition, step.permits) : undefined;
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
        // A branch has no edges of its own: its parallel step moves on when the branches join.
        const next = (step.next as PolicyStep<unknown>['next'] | undefined)?.[decision.effect] ?? null;
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
            const answered = await callWithin(step.timeoutMs, deadlineAt(run, stepId, visit), now, () =>
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
        const { commandId, idempotencyKey, message } = agentCommand(this.deps, run, definition.id, {
          stepId,
          visit,
          attempt,
          pattern: step.pattern,
          request: step.request,
          payload: step.input(run.state),
          deadline: deadlineAt(run, stepId, visit),
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
        // The reply's deadline is a durable timer too: a lost worker still times the attempt out.
        const timed =
          step.timeoutMs === undefined
            ? scheduled
            : withTimer(
                scheduled,
                { runId: run.runId, stepId, visit, epoch: run.epoch, attempt, kind: 'timeout' },
                new Date(now.getTime() + step.timeoutMs).toISOString(),
              );
        return withDeadlineTimer(timed, run, stepId, visit, attempt);
      }
      case 'signal': {
        const pending = consumeSignal(run, signalNames(step));
        if (pending) {
          const state = step.fold(run.state, pending.payload, pending.name);
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
      case 'child':
        return childStartPlan(this.deps, run, stepId, step, visit, at, (id) => this.advanceMessage(id, run));
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
