import { AgentFailed, Envelope, isBatonError, MessageDefinition } from '@baton/contracts';
import type { OutboxMessage } from '@baton/state-store';
import { agentCalls } from '../definition/branch-steps';
import type { WorkflowDefinition } from '../definition/workflow';
import { deriveTopology } from '../definition/workflow-topology';
import { WorkflowEngine, type RunView, type StartOptions } from '../engine/workflow-engine';
import { continuationTarget } from '../engine/run-headers';
import { WorkflowRegistry } from '../engine/workflow-registry';
import type { ModelPort } from '../ports/model.port';
import type { OrchestrationObserver } from '../ports/observer.port';
import type { PolicyPort } from '../ports/policy.port';
import type { RunEvent } from '../run/run-events';
import { replayRun, type ReplayResult } from '../replay/replay-run';
import { InMemoryRunStore } from './in-memory-run-store';
import { parseDuration, VirtualClock } from './virtual-clock';

/** An agent's failure as a test scripts it: the reply the engine gets is `baton.agent.failed`. */
export class AgentFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = true,
  ) {
    super(message);
  }
}

/**
 * A stand-in for an agent: given the command's payload (and envelope), the reply's payload or
 * envelope (so a real agent's handler can be called as is), or a thrown {@link AgentFailure} or
 * typed Baton error (any other error is a retryable `AGENT_ERROR`).
 */
export type TestAgent = (payload: never, envelope: Envelope) => unknown;

export interface TestWorkflowOptions {
  readonly workflows: readonly WorkflowDefinition[] | WorkflowRegistry;
  /** By agent step pattern (and compensation pattern). */
  readonly agents?: Readonly<Record<string, TestAgent>>;
  /** `StaticPolicy`, or the real engine: `new PolicyEnginePort(new PolicyEngine({ store: new InMemoryPolicyStore(), ... }))`. */
  readonly policy?: PolicyPort;
  /** `ScriptedModel`, or the real gateway over the deterministic model (`ModelGatewayPort.forWorkflows`). */
  readonly model?: ModelPort;
  readonly observer?: OrchestrationObserver;
  /** Where the virtual clock starts. */
  readonly startAt?: string;
  /** The virtual clock itself, when other parts must read it too (a model gateway checking permits). */
  readonly clock?: VirtualClock;
  /** Backoff jitter; 0.5 (half the cap) by default, so runs are reproducible. */
  readonly random?: () => number;
}

/** A command an agent was given, and what it answered. */
export interface DeliveredCommand {
  readonly pattern: string;
  readonly runId: string;
  readonly stepId: string;
  readonly payload: unknown;
  readonly outcome: 'replied' | 'failed';
}

/** A workflow running on the real engine over an in-memory store, with time under the test's control. */
export interface TestWorkflowEnvironment {
  readonly engine: WorkflowEngine;
  readonly clock: VirtualClock;
  readonly store: InMemoryRunStore;
  /** Every command delivered to an agent, in order. */
  readonly commands: readonly DeliveredCommand[];
  /** Every domain event the runs emitted, in order. */
  readonly events: readonly Envelope[];
  /** Starts a run and lets it go as far as it can without time passing; returns its id. */
  start(workflowId: string, input: unknown, options?: Partial<StartOptions>): Promise<string>;
  signal(runId: string, name: string, payload: unknown): Promise<void>;
  /** Moves time on, firing every durable timer due by then in order (retries, expiries, timeouts, sleeps). */
  advance(duration: string | number): Promise<void>;
  get(runId: string): Promise<RunView>;
  /** The run's recorded events, as stored. */
  history(runId: string): Promise<Array<Pick<RunEvent, 'type' | 'data'>>>;
  /** Replays the recorded history against the definitions: no divergence means the run is reproducible. */
  replay(runId: string): Promise<ReplayResult>;
}

/** Deliveries in one settling before the environment calls it a livelock. */
const MAX_DELIVERIES = 10_000;

/**
 * Runs workflows on the real engine code over {@link InMemoryRunStore}, with agents replaced by
 * functions, the policy and model ports the test chooses, and a virtual clock: no PostgreSQL, no
 * RabbitMQ, and `await env.advance('25h')` fires the durable timers due by then at once. What a
 * commit would publish is delivered in process: commands to the agent functions (their replies
 * and failures back to the engine), continuations to the engine, events to {@link events}.
 *
 * @example
 * const env = testWorkflow({ workflows: [underwrite], agents: { 'loan.kyc.requested': () => ({ passed: true }) }, policy, model });
 * const runId = await env.start('loan.underwrite', application);
 * await env.advance('25h');
 * expect((await env.get(runId)).status).toBe('completed');
 */
export function testWorkflow(options: TestWorkflowOptions): TestWorkflowEnvironment {
  const workflows =
    options.workflows instanceof WorkflowRegistry
      ? options.workflows
      : new WorkflowRegistry().register(...options.workflows);
  const definitions = workflows.definitions();
  const topology = deriveTopology({ vertical: 'test', workflows: definitions });
  const replies = replyDefinitions(definitions);
  const clock = options.clock ?? new VirtualClock(options.startAt);
  const store = new InMemoryRunStore();
  const engine = new WorkflowEngine({
    runs: store,
    workflows,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.model ? { model: options.model } : {}),
    topology,
    clock,
    random: options.random ?? (() => 0.5),
    ...(options.observer ? { observer: options.observer } : {}),
  });
  const commands: DeliveredCommand[] = [];
  const events: Envelope[] = [];
  let sequence = 0;

  const targetOf = (message: OutboxMessage) => continuationTarget(message.headers);

  const deliverCommand = async (message: OutboxMessage) => {
    const pattern = message.routingKey;
    const agent = options.agents?.[pattern];
    if (!agent) throw new Error(`no test agent for ${pattern}: give one in testWorkflow({ agents })`);
    const reply = replies.get(pattern) as MessageDefinition;
    const target = targetOf(message);
    const meta = {
      correlationId: message.envelope.correlationId,
      causationId: message.envelope.id,
      tenantId: message.envelope.tenantId,
      actor: { kind: 'service' as const, id: `test-agent:${pattern}` },
      occurredAt: clock.now().toISOString(),
    };
    let answer: Envelope;
    try {
      const result = await agent(message.envelope.payload as never, message.envelope);
      // A real agent's handler returns the reply envelope itself; a scripted one, its payload.
      answer = isEnvelopeOf(reply, result) ? result : reply.create(result as never, meta);
      commands.push({
        pattern,
        runId: target.runId,
        stepId: target.stepId ?? '',
        payload: message.envelope.payload,
        outcome: 'replied',
      });
    } catch (error) {
      // As the transport replies a typed failure: its code and whether it may be retried.
      const failure =
        error instanceof AgentFailure || isBatonError(error)
          ? { code: error.code, message: error.message, retryable: error.retryable }
          : { code: 'AGENT_ERROR', message: (error as Error).message, retryable: true };
      answer = AgentFailed.create(failure, meta);
      commands.push({
        pattern,
        runId: target.runId,
        stepId: target.stepId ?? '',
        payload: message.envelope.payload,
        outcome: 'failed',
      });
    }
    await engine.continueWith(answer, target);
  };

  /** Delivers what the commits published until nothing is left. */
  const settle = async () => {
    for (let delivered = 0; ;) {
      const batch = store.takePublished();
      if (batch.length === 0) return;
      for (const message of batch) {
        if (++delivered > MAX_DELIVERIES) throw new Error(`more than ${MAX_DELIVERIES} deliveries without rest`);
        if (message.exchange === topology.commandExchange) await deliverCommand(message);
        else if (message.exchange === topology.eventExchange) events.push(message.envelope);
        else if (message.routingKey === topology.continuation.name)
          await engine.continueWith(message.envelope, targetOf(message));
        else throw new Error(`a test run published to ${message.exchange || '(default)'}/${message.routingKey}`);
      }
    }
  };

  return {
    engine,
    clock,
    store,
    commands,
    events,
    async start(workflowId, input, startOptions = {}) {
      const key = startOptions.idempotencyKey ?? `test-${++sequence}`;
      const { runId } = await engine.start(workflowId, input, {
        tenantId: 'test',
        ...startOptions,
        idempotencyKey: key,
      });
      await settle();
      return runId;
    },
    async signal(runId, name, payload) {
      await engine.signal(runId, name, payload);
      await settle();
    },
    async advance(duration) {
      const until = clock.now().getTime() + parseDuration(duration);
      for (;;) {
        const next = store.nextTimerDue();
        if (!next || next.getTime() > until) break;
        clock.set(next);
        const due = await store.claimDueTimers(clock.now(), 1_000, Number.MAX_SAFE_INTEGER);
        for (const timer of due) {
          await engine.fireTimer(timer);
          await store.markTimerFired(timer);
        }
        await settle();
      }
      clock.set(new Date(until));
    },
    get: (runId) => engine.get(runId),
    async history(runId) {
      return (await store.read(runId, 1)).map((record) => ({ type: record.type, data: record.data }) as RunEvent);
    },
    async replay(runId) {
      return replayRun(workflows, await this.history(runId));
    },
  };
}

/** The reply each agent pattern answers with (the step's reply, or its compensation's). */
function replyDefinitions(definitions: readonly WorkflowDefinition[]): Map<string, MessageDefinition> {
  const replies = new Map<string, MessageDefinition>();
  for (const definition of definitions) {
    for (const step of agentCalls(definition)) {
      replies.set(step.pattern, step.reply);
      if (step.compensate) replies.set(step.compensate.pattern, step.compensate.reply);
    }
  }
  return replies;
}

function isEnvelopeOf(definition: MessageDefinition, value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { type?: unknown; schemaVersion?: unknown };
  return (
    typeof candidate.type === 'string' &&
    typeof candidate.schemaVersion === 'number' &&
    definition.matches(candidate as { type: string; schemaVersion: number })
  );
}
