import { AgentFailed, Envelope, isBatonError, isContractViolation, MessageDefinition } from '@baton/contracts';
import { branchStepId, splitBranchId } from '../definition/branch-steps';
import { isOrchestrationError } from '../definition/errors';
import type { BranchStep } from '../definition/steps';
import type { Step } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { backoffDelay } from '../resilience/backoff';
import { isCockatielTimeout } from '../resilience/cockatiel-errors';
import type { RunEvent } from '../run/run-events';
import type { ParallelProgress, RunState } from '../run/run-state';
import type { DurableTimer } from '../ports/run-store.port';
import { mergePlans } from './commit-batch';
import { deadlineFallback, DeadlineReason, withDeadlineTimer } from './deadlines';
import type { EngineDependencies } from './engine-dependencies';
import { lateReply, sendBranch } from './branch-commands';
import { applyEvents, branchValue, GroupStep, joinPlan } from './parallel-join';
import { DEFAULT_RETRY_BUDGET, RunRecovery } from './run-recovery';
import { isFinished } from './run-repository';
import type { ContinuationTarget } from './run-view';
import { plan, StepPlan, withTimer } from './step-plan';

/** Runs one step in process (a branch's policy, model or compute step) under a branch id. */
export type BranchRunner = (
  run: RunState,
  definition: WorkflowDefinition,
  stepId: string,
  step: Step<unknown>,
  visit: number,
  attempt: number,
) => Promise<StepPlan>;

type Failure = { code: string; message: string; retryable: boolean };

/**
 * Parallel and fan-out steps: branches start in one commit, each with its own retries and
 * timeouts (durable timers under the branch's id), and the step joins (`all`, `any`, or at its
 * deadline) in the commit of the reply that completes it. Replies in any order, duplicates and
 * late replies change nothing but what the run stream records.
 */
export class ParallelSteps {
  constructor(
    private readonly deps: EngineDependencies,
    private readonly recovery: RunRecovery,
    private readonly runBranch: BranchRunner,
  ) {}

  /** Entering the step: its branches (a fan-out's first window of items), then a join if one is due already. */
  async start(run: RunState, definition: WorkflowDefinition, stepId: string, step: GroupStep, visit: number) {
    let names: string[];
    if (step.kind === 'fanOut') {
      const count = step.items(run.state).length;
      if (count > step.maxItems)
        return this.recovery.fail(run, definition, {
          stepId,
          code: 'FAN_OUT_TOO_LARGE',
          message: `fan-out step ${stepId} has ${count} items; its maxItems is ${step.maxItems}`,
        });
      names = Array.from({ length: count }, (_, index) => String(index));
    } else names = Object.keys(step.branches);
    const window = step.kind === 'fanOut' ? step.concurrency : names.length;
    const join = step.kind === 'fanOut' ? 'all' : step.join;
    const started: RunEvent = { type: 'run.parallel.started', data: { stepId, visit, join, branches: names, window } };
    const working = applyEvents(run, [started], this.deps.clock);
    const first = await Promise.all(
      names.slice(0, window).map((name) => this.dispatch(working, definition, stepId, step, visit, name, 1)),
    );
    const opened = withDeadlineTimer(mergePlans([plan([started]), ...first]), run, stepId, visit, 1);
    return this.andSettle(run, definition, stepId, step, visit, opened);
  }

  /** A reply (or typed failure) to a branch; null when it changes nothing (a duplicate, a stale attempt). */
  resolveReply(run: RunState, definition: WorkflowDefinition, target: ContinuationTarget, envelope: Envelope) {
    const found = this.locate(run, definition, target.stepId, target.visit);
    if (!found) return null;
    const { stepId, branch, step, progress } = found;
    const at = progress.branches[branch];
    if (!at || at.status !== 'waiting' || (target.attempt != null && target.attempt !== at.attempt)) return null;
    const visit = progress.visit;
    if (progress.joined || run.current !== stepId) {
      if (AgentFailed.matches(envelope)) return null;
      return lateReply(this.deps, run, definition, stepId, step, visit, branch, envelope);
    }
    const settle = (stepPlan: StepPlan) => this.andSettle(run, definition, stepId, step, visit, stepPlan);
    if (AgentFailed.matches(envelope))
      return settle(
        this.retryOrFail(run, definition, stepId, step, visit, branch, at.attempt, envelope.payload as Failure),
      );
    const reply = agentCallOf(step, branch).reply.parse(envelope);
    if (!reply.ok) return settle(this.failBranch(stepId, visit, branch, reply.error));
    let value: unknown = reply.value.payload;
    if (step.kind === 'parallel') {
      const into = String(step.branches[branch]?.into);
      const fold = (step.branches[branch]?.step as { fold: (s: unknown, r: unknown) => unknown }).fold;
      try {
        value = branchValue(branchStepId(stepId, branch), into, run.state, fold(run.state, value));
      } catch (error) {
        if (!isBatonError(error)) throw error;
        return settle(this.failBranch(stepId, visit, branch, error));
      }
    }
    const completed: RunEvent = {
      type: 'run.branch.completed',
      data: { stepId, visit, branch, value, output: reply.value.payload },
    };
    return settle(plan([completed]));
  }

  /** A branch's retry or attempt timer fired; null when the branch has left that wait. */
  async timer(run: RunState, definition: WorkflowDefinition, timer: DurableTimer): Promise<StepPlan | null> {
    const found = this.locate(run, definition, timer.stepId, timer.visit);
    if (!found || found.progress.joined || run.current !== found.stepId) return null;
    const { stepId, branch, step, progress } = found;
    const at = progress.branches[branch];
    if (!at || at.attempt !== timer.attempt) return null;
    if (timer.kind === 'retry' && at.status === 'retrying') {
      const again = await this.dispatch(run, definition, stepId, step, progress.visit, branch, timer.attempt);
      return this.andSettle(run, definition, stepId, step, progress.visit, again);
    }
    if (timer.kind !== 'timeout' || at.status !== 'waiting') return null;
    const failure = {
      code: 'STEP_TIMED_OUT',
      message: `branch ${timer.stepId} attempt ${timer.attempt} got no reply in time`,
      retryable: true,
    };
    const stepPlan = this.retryOrFail(run, definition, stepId, step, progress.visit, branch, timer.attempt, failure);
    return this.andSettle(run, definition, stepId, step, progress.visit, stepPlan);
  }

  /**
   * The step's deadline passed (or a branch's circuit is open): the completed branches fold in
   * and the run takes `onDeadline`; branches still out are late when they answer.
   */
  atDeadline(run: RunState, definition: WorkflowDefinition, stepId: string, reason: DeadlineReason): StepPlan {
    const step = definition.steps[stepId] as GroupStep;
    const progress = run.parallel[stepId] as ParallelProgress;
    if (!step.onDeadline)
      return this.recovery.fail(run, definition, {
        stepId,
        code: 'DEADLINE_EXCEEDED',
        message: `step ${stepId} passed its deadline (${reason})`,
      });
    const done = progress.order.filter((name) => progress.branches[name]?.status === 'completed');
    return joinPlan(run, definition, stepId, step, progress, done, {
      next: step.onDeadline,
      output: { deadline: { reason } },
      reason,
    });
  }

  private locate(run: RunState, definition: WorkflowDefinition, id: string | null, visit: number | null) {
    const split = id ? splitBranchId(id) : null;
    if (!split || visit == null) return null;
    const step = definition.steps[split.stepId] as Step<unknown> | undefined;
    const progress = run.parallel[split.stepId];
    if (!step || (step.kind !== 'parallel' && step.kind !== 'fanOut') || !progress || progress.visit !== visit)
      return null;
    return { stepId: split.stepId, branch: split.branch, step, progress };
  }

  /** A branch's attempt: an agent's command, or the in-process step's result. */
  private async dispatch(
    run: RunState,
    definition: WorkflowDefinition,
    stepId: string,
    step: GroupStep,
    visit: number,
    branch: string,
    attempt: number,
  ): Promise<StepPlan> {
    const id = branchStepId(stepId, branch);
    if (step.kind === 'fanOut') {
      const item = step.items(run.state)[Number(branch)];
      return sendBranch(
        this.deps,
        run,
        definition,
        id,
        visit,
        branch,
        attempt,
        step.step,
        step.step.input(item, run.state),
      );
    }
    const { step: inner, into } = step.branches[branch] as { step: BranchStep<unknown>; into: string };
    if (inner.kind === 'agent')
      return sendBranch(this.deps, run, definition, id, visit, branch, attempt, inner, inner.input(run.state));
    try {
      const result = await this.runBranch(run, definition, id, inner as Step<unknown>, visit, attempt);
      const events = result.events.map((event): RunEvent => {
        if (event.type !== 'run.step.completed') return event;
        const value = branchValue(id, into, run.state, event.data.state);
        return { type: 'run.branch.completed', data: { stepId, visit, branch, value, output: event.data.output } };
      });
      return { ...result, events };
    } catch (error) {
      if (isOrchestrationError(error, 'DEADLINE_EXCEEDED'))
        return this.atDeadline(run, definition, stepId, 'DEADLINE_PASSED');
      if (isContractViolation(error) || (isBatonError(error) && !error.retryable))
        return this.failBranch(stepId, visit, branch, error);
      if (!isBatonError(error) && !isCockatielTimeout(error)) throw error;
      const failure = isBatonError(error)
        ? { code: error.code, message: error.message, retryable: true }
        : { code: 'STEP_TIMED_OUT', message: `branch ${id} took longer than ${inner.timeoutMs} ms`, retryable: true };
      return this.retryOrFail(run, definition, stepId, step, visit, branch, attempt, failure);
    }
  }

  private retryOrFail(
    run: RunState,
    definition: WorkflowDefinition,
    stepId: string,
    step: GroupStep,
    visit: number,
    branch: string,
    attempt: number,
    failure: Failure,
  ): StepPlan {
    const policy = step.kind === 'fanOut' ? step.step.retry : step.branches[branch]?.step.retry;
    const budget = definition.retryBudget ?? DEFAULT_RETRY_BUDGET;
    const retry = failure.retryable && policy && attempt < policy.maxAttempts && run.retriesUsed < budget;
    const delayMs = retry ? backoffDelay(policy, attempt, this.deps.random ?? Math.random) : 0;
    const dueAt = retry ? new Date(this.deps.clock.now().getTime() + delayMs) : null;
    const reason = deadlineFallback(run, step, stepId, visit, failure, dueAt);
    if (reason) return this.atDeadline(run, definition, stepId, reason);
    if (!retry || !dueAt) return this.failBranch(stepId, visit, branch, failure);
    const event: RunEvent = {
      type: 'run.branch.retry.scheduled',
      data: { stepId, visit, branch, failedAttempt: attempt, ...pick(failure), delayMs, dueAt: dueAt.toISOString() },
    };
    const timer = {
      runId: run.runId,
      stepId: branchStepId(stepId, branch),
      visit,
      epoch: run.epoch,
      attempt: attempt + 1,
      kind: 'retry' as const,
    };
    return withTimer(plan([event]), timer, dueAt.toISOString());
  }

  /** The branch failed for good; settling it fails the step. */
  private failBranch(stepId: string, visit: number, branch: string, failure: { code: string; message: string }) {
    return plan([{ type: 'run.branch.failed', data: { stepId, visit, branch, ...pick(failure) } }]);
  }

  /**
   * After branch events: the step fails if a branch failed for good (completed branches are
   * compensated), joins if its join is met, or (a fan-out) sends the next items into the window.
   */
  private andSettle(
    run: RunState,
    definition: WorkflowDefinition,
    stepId: string,
    step: GroupStep,
    visit: number,
    before: StepPlan,
  ): StepPlan {
    const working = applyEvents(run, before.events, this.deps.clock);
    const progress = working.parallel[stepId];
    const moved = working.current !== stepId || working.status === 'compensating' || isFinished(working.status);
    if (!progress || progress.visit !== visit || progress.joined || moved) return before;
    const statusOf = (name: string) => progress.branches[name]?.status;
    const failed = progress.order.find((name) => statusOf(name) === 'failed');
    if (failed) {
      const failure = progress.branches[failed]?.failure ?? { code: 'BRANCH_FAILED', message: 'failed' };
      const message = `branch ${failed} of ${stepId} failed: ${failure.message}`;
      return mergePlans([before, this.recovery.fail(working, definition, { stepId, code: failure.code, message })]);
    }
    const done = progress.order.filter((name) => statusOf(name) === 'completed');
    if ((progress.join === 'any' && done.length > 0) || done.length === progress.order.length)
      return mergePlans([before, joinPlan(working, definition, stepId, step, progress, done)]);
    if (step.kind !== 'fanOut') return before;
    const inFlight = progress.order.filter((name) => ['waiting', 'retrying'].includes(statusOf(name) ?? '')).length;
    const next = progress.order.filter((name) => statusOf(name) === 'pending').slice(0, progress.window - inFlight);
    const sent = next.map((name) =>
      sendBranch(
        this.deps,
        working,
        definition,
        branchStepId(stepId, name),
        visit,
        name,
        1,
        step.step,
        step.step.input(step.items(working.state)[Number(name)], working.state),
      ),
    );
    return mergePlans([before, ...sent]);
  }
}

function agentCallOf(step: GroupStep, branch: string): { reply: MessageDefinition } {
  return step.kind === 'fanOut' ? step.step : (step.branches[branch]?.step as { reply: MessageDefinition });
}

function pick(failure: { code: string; message: string }) {
  return { code: failure.code, message: failure.message };
}
