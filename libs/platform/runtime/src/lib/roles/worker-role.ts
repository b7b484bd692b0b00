import { INestMicroservice, Module, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import type { JsonObject, ModelGateway } from '@baton/llm';
import {
  BatonRmqServer,
  BatonRpcExceptionFilter,
  declareTopology,
  MessagingMetrics,
  RabbitOutboxPublisher,
  Topology,
} from '@baton/messaging';
import {
  BreakerOptions,
  continueLocally,
  DownstreamBreakers,
  EngineClock,
  ModelGatewayPort,
  ModelPort,
  OrchestrationObserver,
  PolicyEnginePort,
  PolicyPort,
  PostgresRunStore,
  systemClock,
  WorkflowEngine,
  WorkflowRegistry,
} from '@baton/orchestration';
import { PolicyEngine, policyEntities, postgresPolicyStorage } from '@baton/policy';
import { AuditKey, InboxGuard, OutboxDispatcher, OutboxRelay } from '@baton/state-store';
import type { Vertical } from '../definition/define-vertical';
import type { VerticalConfig, WorkerContext } from '../definition/vertical-definition';
import { deriveMessageRegistry } from '../derive/derive-messages';
import { verticalModelGateway } from '../model/vertical-model-gateway';
import { startOrchestratorRuntime } from './orchestrator-runtime';
import {
  DOWNSTREAM_BREAKERS,
  openBroker,
  openVerticalStore,
  VERTICAL_CONFIG,
  verticalEventStore,
} from './process-resources';

/** What a test or an embedding process may swap in a worker. */
export interface WorkerOverrides {
  /** Replaces the configured model gateway (tests wrap the deterministic model in a fault injector). */
  readonly gateway?: ModelGateway;
  /**
   * Test seam: decides the workflows' policy steps in place of the vertical's policy engine
   * (`PolicyEnginePort`), e.g. `StaticPolicy` of `@baton/orchestration/testing`. The vertical's
   * policy documents are still seeded; no run consults them.
   */
  readonly policy?: PolicyPort;
  /**
   * Test seam: invokes the workflows' model steps in place of the model gateway
   * (`ModelGatewayPort`), e.g. `ScriptedModel` of `@baton/orchestration/testing`, which records
   * its calls. No gateway is built, so `gateway` and `onModelInput` go unused.
   */
  readonly model?: ModelPort;
  /**
   * Test seam: draws the engine's backoff jitter (recorded in each run's history) in place of
   * `Math.random`; `() => 1` makes every backoff its cap, so a suite knows when a retry falls due.
   */
  readonly random?: () => number;
  /**
   * Test seam: `false` sends the agents' replies through the continuation queue instead of handing
   * them to this worker's orchestrator in process (ADR 17), as when the agent that replied runs in
   * another process, so a suite exercises the continuation consumer's path. Default true.
   */
  readonly localContinuation?: boolean;
  /** Told what the deterministic model was given (tests check redactions). */
  readonly onModelInput?: (data: JsonObject) => void;
  readonly observer?: OrchestrationObserver;
  /** Replaces the vertical's breaker options (tests trip them sooner). */
  readonly breakers?: BreakerOptions;
  /** Counts dead letters and redeliveries of the worker's consumers (`BatonMetrics` implements it). */
  readonly messagingMetrics?: MessagingMetrics;
  /** Called with the worker's outbox relay, to watch its lag. */
  readonly watchRelay?: (relay: OutboxRelay) => void;
  /** Providers that replace the vertical's own by token (as Nest's `overrideProvider`). */
  readonly providers?: readonly Provider[];
  readonly clock?: EngineClock;
  /** Continuations advanced at once (default 16). */
  readonly prefetch?: number;
  /** Faster timers and relay polling for tests. */
  readonly timerIntervalMs?: number;
  readonly relayPollIntervalMs?: number;
}

/** A running worker: orchestrator (continuations, timers, relay) and the vertical's agents. */
export interface RunningWorker {
  readonly engine: WorkflowEngine;
  readonly dataSource: DataSource;
  readonly topology: Topology;
  readonly breakers: DownstreamBreakers;
  /** A provider of the agents' module, by token (outside systems, ledgers). */
  get<T>(token: unknown): T;
  /** Stops taking messages, finishes those it holds, then closes in a safe order. */
  stop(): Promise<void>;
}

/** The pool a worker needs so that no handler waits for another's connection. */
function workerPoolSize(agentPrefetch: number, prefetch: number): number {
  // Every agent handler may query (a ledger) and then record its reply, and every continuation
  // may commit: size the pool for all of them at once.
  return 2 * agentPrefetch + prefetch + 4;
}

/**
 * The `worker` role: migrations and policy seeding at start-up, then the orchestrator
 * (continuation consumer, durable timers, the relay as a safety net) and the vertical's agents
 * behind the inbox guard, replying through the outbox; a worker's orchestrator takes its own
 * agents' committed replies in process (ADR 17).
 *
 * @example const worker = await startWorkerRole(loanVertical, config, auditKey);
 */
export async function startWorkerRole(
  vertical: Vertical,
  config: VerticalConfig,
  auditKey: AuditKey,
  overrides: WorkerOverrides = {},
): Promise<RunningWorker> {
  const definition = vertical.definition;
  const prefetch = overrides.prefetch ?? 16;
  const agentPrefetch = definition.agents?.prefetch ?? 8;
  const dataSource = await openVerticalStore(vertical, config, workerPoolSize(agentPrefetch, prefetch), policyEntities);
  const closers: Array<() => Promise<void>> = [() => dataSource.destroy()];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const policyEngine = new PolicyEngine(postgresPolicyStorage(dataSource, auditKey));
    await policyEngine.seedDocuments(vertical.policies);
    const settings = { config, model: vertical.modelOf(config) };
    const workflows = vertical.workflows(settings);
    // A test's scripted model needs no gateway, so none is built.
    const model =
      overrides.model ??
      ModelGatewayPort.forWorkflows(
        overrides.gateway ??
          (await verticalModelGateway(config, definition.deterministicModel?.(overrides.onModelInput))),
        workflows.definitions(),
      );
    const topology = vertical.topology(config.BROKER_NAMESPACE);
    const broker = await openBroker(config.RABBITMQ_URL, `baton:${vertical.name}:worker`);
    closers.push(() => broker.close());
    await declareTopology(broker.connection, topology);
    const dispatcher = new OutboxDispatcher(dataSource, new RabbitOutboxPublisher(broker.publisher));
    const clock = overrides.clock ?? systemClock;
    const runs = new PostgresRunStore(dataSource, verticalEventStore(vertical, dataSource, auditKey), dispatcher);
    const engine = new WorkflowEngine({
      runs,
      workflows,
      policy: overrides.policy ?? new PolicyEnginePort(policyEngine),
      model,
      topology,
      clock,
      ...(overrides.observer ? { observer: overrides.observer } : {}),
      ...(overrides.random ? { random: overrides.random } : {}),
    });
    const orchestrator = await startOrchestratorRuntime({
      dataSource,
      runs,
      engine,
      workflows,
      topology,
      rabbitmqUrl: config.RABBITMQ_URL,
      publisher: broker.publisher,
      prefetch,
      ...(overrides.timerIntervalMs ? { timerIntervalMs: overrides.timerIntervalMs } : {}),
      ...(overrides.relayPollIntervalMs ? { relayPollIntervalMs: overrides.relayPollIntervalMs } : {}),
      ...(overrides.messagingMetrics ? { metrics: overrides.messagingMetrics } : {}),
    });
    closers.push(() => orchestrator.stop());
    overrides.watchRelay?.(orchestrator.relay);

    const breakers = new DownstreamBreakers(
      { consecutiveFailures: 5, halfOpenAfterMs: 1_000, ...definition.breakers, ...overrides.breakers },
      overrides.observer,
    );
    const context: WorkerContext<VerticalConfig> = { ...settings, dataSource, breakers, clock };
    const agents = await startAgents(vertical, context, {
      workflows,
      topology,
      inbox: new InboxGuard(dataSource),
      dispatcher,
      engine,
      prefetch: agentPrefetch,
      overrides,
    });
    // Agents stop first: they feed the orchestrator in process.
    closers.push(() => agents.close());

    return {
      engine,
      dataSource,
      topology,
      breakers,
      get: <T>(token: unknown) => agents.get(token as never) as T,
      stop: closeAll,
    };
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }
}

async function startAgents(
  vertical: Vertical,
  context: WorkerContext<VerticalConfig>,
  parts: {
    workflows: WorkflowRegistry;
    topology: Topology;
    inbox: InboxGuard;
    dispatcher: OutboxDispatcher;
    engine: WorkflowEngine;
    prefetch: number;
    overrides: WorkerOverrides;
  },
): Promise<INestMicroservice> {
  const definition = vertical.definition;
  const own = [
    { provide: VERTICAL_CONFIG, useValue: context.config },
    { provide: DOWNSTREAM_BREAKERS, useValue: context.breakers },
    ...((await definition.outside?.(context)) ?? []),
  ];
  const replaced = new Set(parts.overrides.providers?.map(tokenOf) ?? []);
  const providers = [
    ...own.filter((provider) => !replaced.has(tokenOf(provider))),
    ...(parts.overrides.providers ?? []),
  ];
  @Module({ controllers: [...(definition.agents?.controllers ?? [])], providers })
  class VerticalAgentsModule {}
  const agents = await NestFactory.createMicroservice(VerticalAgentsModule, {
    strategy: new BatonRmqServer({
      url: context.config.RABBITMQ_URL,
      topology: parts.topology,
      registry: deriveMessageRegistry(vertical.name, parts.workflows.definitions()),
      inbox: parts.inbox,
      outbox: parts.dispatcher,
      // The orchestrator beside the agents takes their replies at once (ADR 17); the broker
      // carries a reply only when that fails or this process dies first.
      ...(parts.overrides.localContinuation === false ? {} : { continueLocally: continueLocally(parts.engine) }),
      prefetch: parts.prefetch,
      ...(parts.overrides.messagingMetrics ? { metrics: parts.overrides.messagingMetrics } : {}),
    }),
    logger: false,
  });
  agents.useGlobalFilters(new BatonRpcExceptionFilter());
  await agents.listen();
  return agents;
}

function tokenOf(provider: Provider): unknown {
  return typeof provider === 'function' ? provider : provider.provide;
}
