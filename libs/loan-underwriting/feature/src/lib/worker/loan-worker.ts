import 'reflect-metadata';
import { INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Connection } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';
import { MessageRegistry } from '@baton/contracts';
import {
  ChatModelGateway,
  createModelChain,
  createModelGateway,
  defaultModels,
  DeterministicRules,
  FaultInjectingChatModel,
  JsonObject,
  ModelGateway,
  PromptCatalogue,
  readLlmConfig,
} from '@baton/llm';
import { loanAgentMessages } from '@baton/loan-underwriting-contracts';
import { debtToIncome, deterministicRiskAssessment } from '@baton/loan-underwriting-domain';
import {
  BatonRmqServer,
  BatonRpcExceptionFilter,
  ConfirmedPublisher,
  declareTopology,
  MessagingMetrics,
  RabbitOutboxPublisher,
  Topology,
} from '@baton/messaging';
import {
  BreakerOptions,
  continueLocally,
  DownstreamBreakers,
  ModelGatewayPort,
  OrchestrationObserver,
  PolicyEnginePort,
  startOrchestratorRuntime,
  systemClock,
  WorkflowEngine,
  WorkflowRegistry,
} from '@baton/orchestration';
import { PolicyEngine, policyEntities, postgresPolicyStorage } from '@baton/policy';
import { AuditKey, InboxGuard, openStateStore, OutboxDispatcher, OutboxRelay } from '@baton/state-store';
import { BUREAU_LEDGER, DOWNSTREAM_BREAKERS, OUTSIDE_SYSTEMS } from '../agents/agent-dependencies';
import { BureauAgent } from '../agents/bureau.agent';
import { IncomeAgent } from '../agents/income.agent';
import { KycAgent } from '../agents/kyc.agent';
import { SanctionsAgent } from '../agents/sanctions.agent';
import { loanDatabaseMigrations } from '../database/loan-database';
import { loanEventStore } from '../workflow/personal-data';
import { BureauLedger } from '../outside/bureau-ledger';
import { defaultOutsideSystems, OutsideSystemsConfig } from '../outside/outside-systems';
import { loanRiskOutput, loanRiskPrompt } from '../prompts/loan-risk.prompt';
import { underwritingWorkflow } from '../workflow/underwriting.workflow';
import { loanTopology } from './loan-topology';
import { loanPoliciesDir } from './policies-dir';

export interface LoanWorkerOptions {
  readonly databaseUrl: string;
  readonly schema: string;
  readonly rabbitmqUrl: string;
  /** Prefixes queue and exchange names (test isolation); none in production. */
  readonly namespace?: string;
  readonly auditKey: AuditKey;
  readonly outside?: OutsideSystemsConfig;
  readonly breakers?: BreakerOptions;
  readonly reviewTimeoutMs?: number;
  /** The model gateway's environment (`LLM_PROVIDER`, `LLM_MODEL` ...); deterministic by default. */
  readonly llmEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * Adds this much latency to every model call (a hosted model's round trip, for the demo's
   * comparison); 0 by default. Ignored when `gateway` is given.
   */
  readonly modelLatencyMs?: number;
  /** Replaces the gateway (tests wrap the deterministic model in a fault injector). */
  readonly gateway?: ModelGateway;
  /** Told what the deterministic model was given (tests check redactions). */
  readonly onModelInput?: (data: JsonObject) => void;
  readonly observer?: OrchestrationObserver;
  /** Counts dead letters of the agents' and continuation consumers (`BatonMetrics` implements it). */
  readonly messagingMetrics?: MessagingMetrics;
  /** Called with the worker's outbox relay, to watch its lag (`metrics.trackOutboxLag`). */
  readonly watchRelay?: (relay: OutboxRelay) => void;
  /** Continuations advanced at once (default 16). */
  readonly prefetch?: number;
  /** Agent commands handled at once (default 8). The agents reply only, so none holds a transaction while it works. */
  readonly agentPrefetch?: number;
}

/** One underwriting worker: orchestrator, the four agents, timers and the outbox relay. */
export interface LoanWorker {
  readonly engine: WorkflowEngine;
  readonly dataSource: DataSource;
  readonly topology: Topology;
  readonly outside: OutsideSystemsConfig;
  readonly breakers: DownstreamBreakers;
  readonly ledger: BureauLedger;
  stop(): Promise<void>;
}

/** The deterministic model's rules for the vertical: risk features from the redacted application and findings. */
export function loanDeterministicRules(onInput?: (data: JsonObject) => void): DeterministicRules {
  return new DeterministicRules().register(loanRiskOutput.name, (data) => {
    onInput?.(data);
    const application = (data['application'] ?? {}) as {
      applicant?: Record<string, unknown>;
      loan?: Record<string, unknown>;
    };
    const findings = (data['findings'] ?? {}) as Record<string, unknown>;
    const applicant = application.applicant ?? {};
    const loan = application.loan ?? {};
    return deterministicRiskAssessment({
      employmentStatus: applicant['employmentStatus'] as never,
      purpose: loan['purpose'] as never,
      termMonths: Number(loan['termMonths'] ?? 36),
      dti: Number(
        findings['debtToIncome'] ??
          debtToIncome(Number(applicant['monthlyDebt'] ?? 0), Number(applicant['annualIncome'] ?? 0)),
      ),
      verifiedAnnualIncome: Number(findings['verifiedAnnualIncome'] ?? 0),
      statedAnnualIncome: Number(applicant['annualIncome'] ?? 0),
    });
  });
}

/** The configured model chain, each model slowed by `latencyMs` when asked (a hosted model's round trip). */
async function loanModelGateway(
  env: Record<string, string | undefined>,
  rules: DeterministicRules,
  latencyMs: number,
): Promise<ModelGateway> {
  if (latencyMs <= 0) return createModelGateway({ env: env as Record<string, string>, rules });
  const models = await createModelChain(readLlmConfig(env), { rules });
  const slowed = models.map((model) => ({
    ...model,
    chatModel: new FaultInjectingChatModel({
      inner: model.chatModel,
      plan: { faultFor: () => ({ kind: 'latency', ms: latencyMs }) },
    }),
  }));
  return new ChatModelGateway({ models: slowed });
}

/**
 * Starts a worker on the vertical's schema: migrations (state store, policy, orchestration,
 * the bureau's books) and policy seeding at start-up, then the continuation consumer, the
 * agents behind the inbox, timers and the relay.
 *
 * @example const worker = await startLoanWorker({ databaseUrl, schema: 'loan', rabbitmqUrl, auditKey: loadAuditKey(process.env) });
 */
export async function startLoanWorker(options: LoanWorkerOptions): Promise<LoanWorker> {
  const dataSource = await openStateStore({
    url: options.databaseUrl,
    schema: options.schema,
    // Every agent handler may query (the bureau's books) and then record its reply, and every
    // continuation may commit: size the pool for all of them at once, so none waits for another.
    poolSize: 2 * (options.agentPrefetch ?? 8) + (options.prefetch ?? 16) + 4,
    entities: policyEntities,
    migrations: loanDatabaseMigrations,
  });
  const policyEngine = new PolicyEngine(postgresPolicyStorage(dataSource, options.auditKey));
  await policyEngine.seedPolicies(loanPoliciesDir());
  const env: Record<string, string | undefined> = { LLM_PROVIDER: 'deterministic', ...options.llmEnv };
  const gateway =
    options.gateway ??
    (await loanModelGateway(env, loanDeterministicRules(options.onModelInput), options.modelLatencyMs ?? 0));
  const topology = loanTopology(options.namespace);
  const connection = new Connection({ url: options.rabbitmqUrl, retryLow: 100, retryHigh: 2_000 });
  connection.on('error', () => undefined);
  await declareTopology(connection, topology);
  const publisher = new ConfirmedPublisher(connection);
  const dispatcher = new OutboxDispatcher(dataSource, new RabbitOutboxPublisher(publisher));
  const workflows = new WorkflowRegistry().register(
    underwritingWorkflow({
      reviewTimeoutMs: options.reviewTimeoutMs ?? 24 * 3_600_000,
      model: {
        provider: env.LLM_PROVIDER as string,
        name: env.LLM_MODEL ?? defaultModels[env.LLM_PROVIDER as keyof typeof defaultModels] ?? env.LLM_PROVIDER,
      },
    }),
  );
  const engine = new WorkflowEngine({
    dataSource,
    events: loanEventStore(dataSource, options.auditKey),
    workflows,
    policy: new PolicyEnginePort(policyEngine),
    model: new ModelGatewayPort(gateway, new PromptCatalogue().add(loanRiskPrompt), [loanRiskOutput as never]),
    topology,
    clock: systemClock,
    dispatcher,
    observer: options.observer,
  });
  const runtime = await startOrchestratorRuntime({
    dataSource,
    engine,
    workflows,
    topology,
    rabbitmqUrl: options.rabbitmqUrl,
    publisher,
    prefetch: options.prefetch ?? 16,
    ...(options.messagingMetrics ? { metrics: options.messagingMetrics } : {}),
  });
  options.watchRelay?.(runtime.relay);

  const outside = options.outside ?? defaultOutsideSystems();
  const breakers = new DownstreamBreakers(
    { consecutiveFailures: 5, halfOpenAfterMs: 1_000, ...options.breakers },
    options.observer,
  );
  const ledger = new BureauLedger(dataSource);
  @Module({
    controllers: [KycAgent, SanctionsAgent, BureauAgent, IncomeAgent],
    providers: [
      { provide: OUTSIDE_SYSTEMS, useValue: outside },
      { provide: DOWNSTREAM_BREAKERS, useValue: breakers },
      { provide: BUREAU_LEDGER, useValue: ledger },
    ],
  })
  class LoanAgentsModule {}
  const agents: INestMicroservice = await NestFactory.createMicroservice(LoanAgentsModule, {
    strategy: new BatonRmqServer({
      url: options.rabbitmqUrl,
      topology,
      registry: new MessageRegistry('loan-agents').register(...loanAgentMessages),
      inbox: new InboxGuard(dataSource),
      outbox: dispatcher,
      // The orchestrator beside the agents takes their replies at once (ADR 17); the broker
      // carries a reply only when that fails or this process dies first.
      continueLocally: continueLocally(engine),
      prefetch: options.agentPrefetch ?? 8,
      ...(options.messagingMetrics ? { metrics: options.messagingMetrics } : {}),
    }),
    logger: false,
  });
  agents.useGlobalFilters(new BatonRpcExceptionFilter());
  await agents.listen();

  return {
    engine,
    dataSource,
    topology,
    outside,
    breakers,
    ledger,
    async stop() {
      await agents.close();
      await runtime.stop();
      await publisher.close();
      await connection.close();
      await dataSource.destroy();
    },
  };
}
