import { v7 as uuidv7 } from 'uuid';
import { ContractViolation, Envelope, toContractIssues } from '@baton/contracts';
import { isConcurrencyError } from '@baton/state-store';
import { callsOutOfProcess } from '../definition/branch-steps';
import { OrchestrationError } from '../definition/errors';
import { signalNames, type Step } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { RunAdvanceRequested } from '../continuation/continuation-messages';
import type { RunEvent } from '../run/run-events';
import { runIdFor } from '../run/run-ids';
import { emptyRun, RunState, RunStatus } from '../run/run-state';
import type { DurableTimer } from '../ports/run-store.port';
import type { EngineDependencies } from './engine-dependencies';
import { runSpan } from '../tracing/run-spans';
import { childReport } from './child-report';
import { applyPlan, mergePlans } from './commit-batch';
import { observeRunEvents } from './observe-run';
import { continuationPlan } from './resolve-wait';
import { RunExecutor } from './run-executor';
import { RunTurns } from './run-turns';
import { isFinished, LoadedRun, RunRepository } from './run-repository';
import { ContinuationTarget, RunView, StartOptions, toView } from './run-view';
import type { RunQuery, RunSummary } from '../ports/run-store.port';
import { plan, StepPlan, withTimer } from './step-plan';
import { timerPlan } from './timer-plan';

export type { ContinuationTarget, RunView, StartOptions } from './run-view';

const TERMINAL: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];
const MAX_STEPS_PER_ADVANCE = 1000;
/** Steps executed in process between two commits, at most (bounds one transaction). */
const MAX_STEPS_PER_COMMIT = 20;

/**
 * Durable workflow runs. A run is an event stream; each step's result is appended before the
 * next step starts, and optimistic concurrency on the stream stops two workers advancing one
 * run (the loser reloads). `start`, `signal` and `retry` only record and ask, through the
 * outbox, for some orchestrator worker to `advance` the run.
 *
 * @example
 * const { runId } = await engine.start('loan.underwrite', application, { idempotencyKey, tenantId: 'acme' });
 * await engine.signal(runId, 'underwriter.review', { outcome: 'approve' });
 * const view = await engine.get(runId);
 */
export class WorkflowEngine {
  private readonly runs: RunRepository;
  private readonly executor: RunExecutor;
  private readonly turns = new RunTurns();

  constructor(private readonly deps: EngineDependencies) {
    this.runs = new RunRepository(deps.runs, deps.clock, (run) =>
      childReport(run, deps.clock, deps.topology.continuation.name),
    );
    this.executor = new RunExecutor(deps);
  }

  /** Starts a run, or finds the one this idempotency key already started. Bad input starts nothing. */
  async start(workflowId: string, input: unknown, options: StartOptions): Promise<{ runId: string; created: boolean }> {
    const definition =
      options.version === undefined
        ? this.deps.workflows.latest(workflowId)
        : this.deps.workflows.get(workflowId, options.version);
    const parsed = definition.input.safeParse(input);
    if (!parsed.success) throw new ContractViolation(`${workflowId} input`, toContractIssues(parsed.error.issues));
    const initial = definition.state.safeParse(definition.initialState(parsed.data));
    if (!initial.success)
      throw new ContractViolation(`${workflowId} initial state`, toContractIssues(initial.error.issues));
    const runId = runIdFor(workflowId, options.tenantId, options.idempotencyKey);
    const correlationId = options.correlationId ?? runId;
    const started: RunEvent = {
      type: 'run.started',
      data: {
        workflowId,
        version: definition.version,
        startStep: definition.start,
        input: parsed.data,
        state: initial.data,
        tenantId: options.tenantId,
        correlationId,
        parent: null,
      },
    };
    const deadline =
      definition.timeoutMs === undefined
        ? null
        : new Date(this.deps.clock.now().getTime() + definition.timeoutMs).toISOString();
    const startPlan = plan([started]);
    try {
      await runSpan({ workflowId, runId, version: definition.version }, async () =>
        this.commit(
          { run: emptyRun(runId), version: 0 },
          runId,
          'no_stream',
          await this.firstMoves(
            runId,
            definition,
            deadline
              ? withTimer(
                  startPlan,
                  { runId, stepId: '', visit: 0, epoch: 0, attempt: 1, kind: 'run-timeout' },
                  deadline,
                )
              : startPlan,
            { correlationId, tenantId: options.tenantId },
          ),
        ),
      );
      return { runId, created: true };
    } catch (error) {
      if (isConcurrencyError(error)) return { runId, created: false };
      throw error;
    }
  }

  /**
   * What a start commits: `run.started` and, in the same transaction, the run's first moves up
   * to its first wait (an agent's command goes straight into the outbox), so a run costs no extra
   * commit and message hop before its first real step. Steps that call the policy engine, the
   * model or start a child are left to a worker, asked for by an advance message: starting a run
   * never waits on them.
   */
  private async firstMoves(
    runId: string,
    definition: WorkflowDefinition,
    started: StepPlan,
    run: { correlationId: string; tenantId: string },
  ): Promise<StepPlan> {
    const plans: StepPlan[] = [started];
    let working = applyPlan({ run: emptyRun(runId), version: 0 }, started, this.deps.clock);
    for (let steps = 0; steps < MAX_STEPS_PER_COMMIT; steps++) {
      const current =
        working.run.status === 'running' && working.run.current
          ? (definition.steps[working.run.current] as Step<unknown>)
          : null;
      if (!current) return mergePlans(plans);
      if (callsOutOfProcess(current)) break;
      const stepPlan = await this.executor.execute(working.run, definition);
      plans.push(stepPlan);
      working = applyPlan(working, stepPlan, this.deps.clock);
    }
    const stillRunnable = working.run.status === 'running' && working.run.current;
    return mergePlans(stillRunnable ? [...plans, plan([], [this.executor.advanceMessage(runId, run)])] : plans);
  }

  /** Records a signal (kept until a signal step consumes it) and wakes a run waiting for it. */
  async signal(runId: string, name: string, payload: unknown): Promise<void> {
    await this.withRetry(runId, async (loaded) => {
      const { run, version } = loaded;
      const definition = this.deps.workflows.get(run.workflowId, run.version);
      const schema = definition.signals?.[name];
      if (!schema)
        throw new OrchestrationError('RUN_STATE_CONFLICT', `workflow ${run.workflowId} accepts no signal "${name}"`);
      const parsed = schema.safeParse(payload);
      if (!parsed.success) throw new ContractViolation(`signal ${name}`, toContractIssues(parsed.error.issues));
      if (TERMINAL.includes(run.status))
        throw new OrchestrationError('RUN_STATE_CONFLICT', `run ${runId} is ${run.status}`);
      const waiting = run.waiting;
      const waitingStep = waiting ? (definition.steps[waiting.stepId] as Step<unknown>) : null;
      const signalId = uuidv7();
      const received: RunEvent = { type: 'run.signal.received', data: { signalId, name, payload: parsed.data } };
      if (
        !waiting ||
        waiting.kind !== 'wake' ||
        waitingStep?.kind !== 'signal' ||
        !signalNames(waitingStep).includes(name)
      ) {
        // Kept until a signal step consumes it.
        await this.runs.commit(runId, version, [received]);
        return;
      }
      // The run waits for this signal: it is consumed in the same commit, and a worker moves on.
      const state = definition.state.parse(waitingStep.fold(run.state, parsed.data, name));
      const completed: RunEvent = {
        type: 'run.step.completed',
        data: {
          stepId: waiting.stepId,
          visit: waiting.visit,
          state,
          next: waitingStep.next.received,
          output: { signalId, payload: parsed.data },
        },
      };
      await this.commit(
        loaded,
        runId,
        version,
        plan([received, completed], [this.executor.advanceMessage(runId, run)]),
      );
    });
  }

  async cancel(runId: string, reason = 'cancelled'): Promise<void> {
    await this.withRetry(runId, async (loaded) => {
      if (TERMINAL.includes(loaded.run.status))
        throw new OrchestrationError('RUN_STATE_CONFLICT', `run ${runId} is already ${loaded.run.status}`);
      await this.commit(loaded, runId, loaded.version, plan([{ type: 'run.cancelled', data: { reason } }]));
    });
  }

  /** Retries a failed run from its failed step in a new epoch: outside calls get new idempotency keys. */
  async retry(runId: string): Promise<void> {
    await this.withRetry(runId, async ({ run, version }) => {
      if (run.status !== 'failed' || !run.current)
        throw new OrchestrationError(
          'RUN_STATE_CONFLICT',
          `run ${runId} is ${run.status}; only a failed run can be retried`,
        );
      await this.runs.commit(
        runId,
        version,
        [{ type: 'run.retried', data: { epoch: run.epoch + 1 } }],
        [this.executor.advanceMessage(runId, run)],
      );
    });
  }

  async get(runId: string): Promise<RunView> {
    const loaded = await this.runs.load(runId);
    if (!loaded) throw new OrchestrationError('UNKNOWN_RUN', `run ${runId} does not exist`);
    return toView(loaded);
  }

  /** Runs by status, workflow and time of last change, newest first. */
  async query(filter: RunQuery = {}): Promise<RunSummary[]> {
    return this.deps.runs.query(filter);
  }

  /** Executes steps until the run waits or ends. Safe to call from any worker at any time. */
  async advance(runId: string): Promise<RunView> {
    const loaded = await this.runs.load(runId);
    if (!loaded) throw new OrchestrationError('UNKNOWN_RUN', `run ${runId} does not exist`);
    return toView(await this.advanceFrom(runId, loaded));
  }

  /**
   * Executes steps from a loaded run (after `first`, a resolution not yet committed) and commits
   * them together when the run waits or ends: steps that run in process (policy, model, compute,
   * emit, end) cost one commit between two waits, not one each. A crash before that commit
   * loses nothing the guarantees promise: the steps run again from the last recorded one, the
   * model with the same idempotency key. A lost race on the stream reloads the winner's history
   * and goes on from there.
   */
  private advanceFrom(
    runId: string,
    loaded: LoadedRun,
    resolve?: (loaded: LoadedRun) => StepPlan | null,
  ): Promise<LoadedRun> {
    // Commits happen inside the run's span, so the outbox stamps it on every message they send.
    return runSpan({ workflowId: loaded.run.workflowId, runId, version: loaded.run.version }, () =>
      this.advanceWithin(runId, loaded, resolve),
    );
  }

  private async advanceWithin(
    runId: string,
    loaded: LoadedRun,
    resolve?: (loaded: LoadedRun) => StepPlan | null,
  ): Promise<LoadedRun> {
    let committed = loaded;
    let pendingResolve = resolve;
    let batch: StepPlan[] = [];
    let working = committed;
    // (Re)starts the batch from the committed run; a resolution not yet committed is
    // recomputed against it, so a lost race never drops a reply nor applies one twice.
    const begin = () => {
      batch = [];
      working = committed;
      const first = pendingResolve?.(committed) ?? null;
      if (first && first.events.length > 0) {
        batch.push(first);
        working = applyPlan(committed, first, this.deps.clock);
      }
    };
    begin();
    for (let steps = 0; steps < MAX_STEPS_PER_ADVANCE; steps++) {
      const { run } = working;
      const runnable = (run.status === 'running' && run.current) || (run.status === 'compensating' && !run.waiting);
      if (!runnable || batch.length >= MAX_STEPS_PER_COMMIT) {
        if (batch.length === 0) break;
        const flushed = await this.commitOrReload(committed, runId, mergePlans(batch));
        committed = flushed.loaded;
        if (!flushed.reloaded) pendingResolve = undefined;
        begin();
        if (!runnable && !flushed.reloaded) break;
        continue;
      }
      const stepPlan = await this.executor.execute(run, this.deps.workflows.get(run.workflowId, run.version));
      batch.push(stepPlan);
      working = applyPlan(working, stepPlan, this.deps.clock);
    }
    return committed;
  }

  /**
   * Continues a run with a message from its continuation queue: an agent's reply, an agent's
   * typed failure, a child's result, or a request to advance. A reply to a step the run no
   * longer waits for (a duplicate, a stale visit) changes nothing.
   */
  async continueWith(envelope: Envelope, target: ContinuationTarget): Promise<void> {
    return this.turns.take(target.runId, () => this.continueInTurn(envelope, target));
  }

  private async continueInTurn(envelope: Envelope, target: ContinuationTarget): Promise<void> {
    if (RunAdvanceRequested.matches(envelope)) {
      await this.advance((envelope.payload as { runId: string }).runId);
      return;
    }
    const resolve = ({ run }: LoadedRun): StepPlan | null =>
      continuationPlan(this.executor, this.deps.workflows.get(run.workflowId, run.version), run, target, envelope);
    // The run as this worker left it usually still holds: the commit's expected version proves
    // it (a stale copy loses the race and reloads). Only a reply that copy cannot place is
    // checked against a fresh read before anything is concluded from it.
    const cached = this.runs.cached(target.runId);
    const placed = cached ? resolve(cached) : null;
    if (cached && placed) {
      // The plan just made for the cached run is used as is; a reload after a lost race resolves again.
      await this.advanceFrom(target.runId, cached, (loaded) => (loaded === cached ? placed : resolve(loaded)));
      return;
    }
    const loaded = await this.runs.load(target.runId, true);
    if (!loaded) throw new OrchestrationError('UNKNOWN_RUN', `run ${target.runId} does not exist`);
    // Always advance, even for a duplicate: a worker killed after recording the reply but
    // before advancing leaves the run running, and this redelivery is what resumes it. The
    // reply's resolution commits with the steps it lets run.
    await this.advanceFrom(target.runId, loaded, resolve);
  }

  /**
   * A durable timer fired: a sleep ends, a signal wait times out, a retry's backoff is over, an
   * attempt or the whole run passed its deadline. Fires once: a timer whose wait the run has
   * left (the reply came, a signal arrived, another worker fired it) changes nothing.
   */
  async fireTimer(timer: DurableTimer): Promise<void> {
    const { runId } = timer;
    await this.withRetry(runId, async (loaded) => {
      const { run } = loaded;
      if (isFinished(run.status) || run.epoch !== timer.epoch) return;
      const definition = this.deps.workflows.get(run.workflowId, run.version);
      const stepPlan = await timerPlan(this.executor, run, definition, timer);
      if (stepPlan) await this.commit(loaded, runId, loaded.version, stepPlan);
    });
    await this.advance(runId);
  }

  /** Commits a plan and tells the observer what it meant. */
  private async commit(
    before: LoadedRun,
    runId: string,
    expected: number | 'no_stream',
    stepPlan: StepPlan,
  ): Promise<LoadedRun> {
    const after = await this.runs.commit(
      runId,
      expected,
      stepPlan.events,
      stepPlan.outbox,
      stepPlan.starts,
      stepPlan.timers,
    );
    if (this.deps.observer) {
      const definition = this.definitionOf(after.run);
      observeRunEvents(this.deps.observer, definition, before.run, stepPlan.events, after.run, this.deps.clock.now());
    }
    return after;
  }

  private definitionOf(run: RunState): WorkflowDefinition | null {
    try {
      return this.deps.workflows.get(run.workflowId, run.version);
    } catch {
      return null;
    }
  }

  private async commitOrReload(
    before: LoadedRun,
    runId: string,
    stepPlan: StepPlan,
  ): Promise<{ loaded: LoadedRun; reloaded: boolean }> {
    try {
      return { loaded: await this.commit(before, runId, before.version, stepPlan), reloaded: false };
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
      // Another worker advanced the run first: take its history and go on from there.
      const reloaded = await this.runs.load(runId, true);
      if (!reloaded) throw error;
      return { loaded: reloaded, reloaded: true };
    }
  }

  private async withRetry<T>(runId: string, attempt: (loaded: LoadedRun) => Promise<T>): Promise<T> {
    for (let tries = 0; ; tries++) {
      const loaded = await this.runs.load(runId, tries > 0);
      if (!loaded) throw new OrchestrationError('UNKNOWN_RUN', `run ${runId} does not exist`);
      try {
        return await attempt(loaded);
      } catch (error) {
        if (!isConcurrencyError(error) || tries >= 20) throw error;
      }
    }
  }
}
