// Starts the production path in this process: engine, continuation consumer, timers, outbox
// relay, the agent behind the inbox, the real policy engine and the model gateway.
import 'reflect-metadata';
import { Module, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Connection } from 'rabbitmq-client';
import { MessageRegistry } from '@baton/contracts';
import { createModelGateway, definePromptTemplate, DeterministicRules, PromptCatalogue } from '@baton/llm';
import {
  BatonRmqServer,
  BatonRpcExceptionFilter,
  buildTopology,
  ConfirmedPublisher,
  declareTopology,
  deleteTopology,
  RabbitOutboxPublisher,
  Topology,
} from '@baton/messaging';
import {
  ModelGatewayPort,
  orchestrationMigrations,
  PolicyEnginePort,
  PostgresRunStore,
  systemClock,
  WorkflowEngine,
  WorkflowRegistry,
} from '@baton/orchestration';
import { startOrchestratorRuntime } from '@baton/runtime';
import { PolicyEngine, policyEntities, policyMigrations, postgresPolicyStorage } from '@baton/policy';
import { AuditKey, InboxGuard, openStateStore, OutboxDispatcher, PostgresEventStore } from '@baton/state-store';
import { benchWorkflow, EnrichAgent, EnrichReplied, EnrichRequested, RiskBand } from './bench-workflow';

export interface BenchPlatform {
  readonly engine: WorkflowEngine;
  readonly topology: Topology;
  /** Resolves when the run finishes (told by the engine's observer, not by polling). */
  finished(runId: string): Promise<string>;
  readonly settings: Readonly<Record<string, unknown>>;
  close(): Promise<void>;
}

const riskPrompt = definePromptTemplate({
  id: 'bench.risk',
  version: '1',
  system: 'Assess the risk band.',
  user: 'Amount: {{amount}}\nScore: {{score}}',
});

export async function startBenchPlatform(options: {
  databaseUrl: string;
  schema: string;
  rabbitmqUrl: string;
  namespace: string;
  policiesDir: string;
}): Promise<BenchPlatform> {
  const prefetch = Number(process.env['BENCH_PREFETCH'] ?? 64);
  const poolSize = Number(process.env['BENCH_POOL_SIZE'] ?? 20);
  const dataSource = await openStateStore({
    url: options.databaseUrl,
    schema: options.schema,
    poolSize,
    entities: policyEntities,
    migrations: [...policyMigrations, ...orchestrationMigrations],
  });
  const key = AuditKey.from('be'.repeat(32));
  const policyEngine = new PolicyEngine(postgresPolicyStorage(dataSource, key));
  await policyEngine.seedPolicies(options.policiesDir);
  const rules = new DeterministicRules().register('bench_risk', (data) => ({
    band: Number(data['amount']) < 5_000 ? 'low' : 'high',
  }));
  const gateway = await createModelGateway({ env: {}, rules });
  const topology = buildTopology({
    vertical: 'bench',
    version: 1,
    namespace: options.namespace,
    commands: ['bench.enrich.requested'],
    events: ['bench.application.decided'],
  });
  const admin = new Connection(options.rabbitmqUrl);
  await declareTopology(admin, topology);

  const connection = new Connection(options.rabbitmqUrl);
  connection.on('error', () => undefined);
  const publisher = new ConfirmedPublisher(connection);
  const dispatcher = new OutboxDispatcher(dataSource, new RabbitOutboxPublisher(publisher));
  const waiters = new Map<string, (outcome: string) => void>();
  const workflows = new WorkflowRegistry().register(benchWorkflow);
  const runs = new PostgresRunStore(dataSource, new PostgresEventStore(dataSource, key), dispatcher);
  const engine = new WorkflowEngine({
    runs,
    workflows,
    policy: new PolicyEnginePort(policyEngine),
    model: new ModelGatewayPort(gateway, new PromptCatalogue().add(riskPrompt), [RiskBand as never]),
    topology,
    clock: systemClock,
    observer: { runFinished: ({ runId, outcome }) => waiters.get(runId)?.(outcome) },
  });

  const runtime = await startOrchestratorRuntime({
    dataSource,
    runs,
    engine,
    workflows,
    topology,
    rabbitmqUrl: options.rabbitmqUrl,
    publisher,
    prefetch,
  });

  @Module({ controllers: [EnrichAgent] })
  class BenchAgentModule {}
  const agents: INestMicroservice = await NestFactory.createMicroservice(BenchAgentModule, {
    strategy: new BatonRmqServer({
      url: options.rabbitmqUrl,
      topology,
      registry: new MessageRegistry('bench-agents').register(EnrichRequested, EnrichReplied),
      inbox: new InboxGuard(dataSource),
      outbox: dispatcher,
      prefetch,
    }),
    logger: false,
  });
  agents.useGlobalFilters(new BatonRpcExceptionFilter());
  await agents.listen();

  return {
    engine,
    topology,
    settings: {
      prefetch,
      poolSize,
      relayBatchSize: 100,
      outbox: 'dispatched after commit, relay as safety net',
      processes: 1,
      roles: 'orchestrator + agent + relay in one process',
    },
    finished(runId) {
      return new Promise((resolve) =>
        waiters.set(runId, (outcome) => {
          waiters.delete(runId);
          resolve(outcome);
        }),
      );
    },
    async close() {
      await agents.close();
      await runtime.stop();
      await publisher.close();
      await connection.close();
      await deleteTopology(admin, topology);
      await admin.close();
      await dataSource.destroy();
    },
  };
}
