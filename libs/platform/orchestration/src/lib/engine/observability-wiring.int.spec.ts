import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Connection } from 'rabbitmq-client';
import { DataSource } from 'typeorm';
import {
  createModelGateway,
  defineOutputSchema,
  definePromptTemplate,
  DeterministicRules,
  PromptCatalogue,
} from '@baton/llm';
import { declareTopology, deleteTopology } from '@baton/messaging';
import { METRIC_NAMES, BatonMetrics, orchestrationObserver, setupTracing } from '@baton/observability';
import { openStateStore } from '@baton/state-store';
import { createIsolatedSchema, IsolatedSchema, isolatedBrokerNames, testEnv } from '@baton/testing';
import { ModelGatewayPort } from '../adapters/model-gateway.port';
import { orchestrationMigrations } from '../database/orchestration-migrations';
import { DownstreamBreakers } from '../resilience/downstream-breakers';
import {
  configureOutsideSystem,
  OUTSIDE_TABLE_SQL,
  RunningWorker,
  startAgents,
  startOrchestrator,
  testTopology,
  WorkerOptions,
  finished,
  until,
} from '../../../fixtures/test-worker';
import { RiskOutput } from '../../../fixtures/loan-like-workflow';

describe('the engine wired to @baton/observability: metrics after runs, one trace per run (real PostgreSQL and RabbitMQ)', () => {
  const names = isolatedBrokerNames('observability wiring');
  const exporter = new InMemorySpanExporter();
  const shutdownTracing = setupTracing({ serviceName: 'orchestration-test', exporter });
  const metrics = new BatonMetrics();
  const observer = orchestrationObserver(metrics);
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let options: WorkerOptions;
  let orchestrator: RunningWorker;
  let agents: { stop(): Promise<void> };
  const raw = new Connection(testEnv.rabbitmqUrl);

  beforeAll(async () => {
    db = await createIsolatedSchema('observability wiring');
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 4,
      migrations: orchestrationMigrations,
    });
    await dataSource.query(OUTSIDE_TABLE_SQL);
    options = {
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      rabbitmqUrl: testEnv.rabbitmqUrl,
      namespace: names.prefix,
    };
    await declareTopology(raw, testTopology(names.prefix));
    // The real model gateway on the deterministic provider, so model calls carry tokens and cost.
    const risk = defineOutputSchema({
      name: 'test_risk_band',
      version: 1,
      description: 'risk band',
      schema: RiskOutput,
    });
    const rules = new DeterministicRules().register('test_risk_band', (data) => ({
      risk: Number(data['amount']) < 1000 ? 'low' : 'high',
    }));
    const gateway = await createModelGateway({ env: {}, rules });
    const model = new ModelGatewayPort(
      gateway,
      new PromptCatalogue().add(
        definePromptTemplate({
          id: 'test.risk',
          version: '1',
          system: 'Assess the risk.',
          user: 'Applicant {{applicantId}}, amount: {{amount}}',
        }),
      ),
      [risk as never],
    );
    agents = await startAgents(options);
    // Half the backoff cap (125 ms first): with no delay at all, a fast engine spends all eight
    // attempts while the breaker is still open (100 ms) and the run fails instead of recovering.
    orchestrator = await startOrchestrator(options, {
      observer,
      model,
      messagingMetrics: metrics,
      onRelay: (relay) => metrics.trackOutboxLag(relay, db.schema),
      random: () => 0.5,
    });
  });

  afterAll(async () => {
    configureOutsideSystem({ verdict: () => 'ok', breakers: null });
    await orchestrator?.stop();
    await agents?.stop();
    await deleteTopology(raw, testTopology(names.prefix));
    await raw.close();
    await names.cleanup();
    await dataSource?.destroy();
    await db?.drop();
    await shutdownTracing();
  });

  it('exposes every metric name after runs that decide, call the model, retry, trip a breaker and dead-letter', async () => {
    let failures = 0;
    configureOutsideSystem({
      breakers: new DownstreamBreakers({ consecutiveFailures: 1, halfOpenAfterMs: 100 }, observer),
      verdict: (applicantId) => (applicantId === 'flaky' && ++failures <= 1 ? 'unavailable' : 'ok'),
    });
    const approved = await orchestrator.engine.start(
      'test.application',
      { applicantId: 'a-1', amount: 500 },
      { idempotencyKey: 'm-1', tenantId: 't' },
    );
    const denied = await orchestrator.engine.start(
      'test.application',
      { applicantId: 'a-2', amount: 20_000 },
      { idempotencyKey: 'm-2', tenantId: 't' },
    );
    for (const { runId } of [approved, denied])
      expect(await until(orchestrator.engine, runId, finished)).toMatchObject({ status: 'completed', failure: null });
    // Only then the flaky run, which trips the shared breaker: the application workflow's check
    // has no retry policy, so a run caught by the open circuit would fail, by design.
    const flaky = await orchestrator.engine.start(
      'test.retrying',
      { applicantId: 'flaky' },
      { idempotencyKey: 'm-3', tenantId: 't' },
    );
    expect(await until(orchestrator.engine, flaky.runId, finished)).toMatchObject({
      status: 'completed',
      failure: null,
    });
    const publisher = raw.createPublisher({ confirm: true });
    await publisher.send(
      { routingKey: testTopology(names.prefix).continuation.name, messageId: 'not-json' },
      Buffer.from('{ not json'),
    );
    await publisher.close();

    const deadline = Date.now() + 10_000;
    let text = await metrics.registry.metrics();
    while (!text.includes('baton_messages_dead_lettered_total{') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      text = await metrics.registry.metrics();
    }
    for (const name of Object.values(METRIC_NAMES) as string[])
      expect({ name, exposed: text.includes(`\n${name}`) || text.startsWith(name) }).toEqual({ name, exposed: true });
    expect(text).toMatch(/baton_runs_total\{workflow="test.application",outcome="completed"\} 2/);
    expect(text).toMatch(/baton_policy_decisions_total\{[^}]*effect="deny"[^}]*\} 1/);
    expect(text).toMatch(/baton_llm_calls_total\{[^}]*provider="deterministic"[^}]*\} 1/);
    expect(text).toMatch(/baton_step_retries_total\{[^}]*code="OUTSIDE_UNAVAILABLE"[^}]*\} 1/);
    expect(text).toMatch(/baton_circuit_state\{dependency="outside"\} [0-3]/);
    expect(text).toMatch(/baton_messages_dead_lettered_total\{[^}]*\} 1/);
  });

  it('traces a run as one trace: run and step spans, the command published and consumed, the reply continuing it', async () => {
    exporter.reset();
    const { runId } = await orchestrator.engine.start(
      'test.application',
      { applicantId: 'traced', amount: 300 },
      { idempotencyKey: 'trace-1', tenantId: 't' },
    );
    await until(orchestrator.engine, runId, finished);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const spans: ReadableSpan[] = exporter
      .getFinishedSpans()
      .filter((span) => span.attributes['baton.run.id'] === runId || span.name.includes('test.check'));
    const first = spans.find((span) => span.name === 'run test.application');
    expect(first).toBeDefined();
    const traceId = first?.spanContext().traceId;
    const inTrace = exporter
      .getFinishedSpans()
      .filter((span) => span.spanContext().traceId === traceId)
      .map((span) => span.name);
    expect(inTrace).toEqual(
      expect.arrayContaining([
        'run test.application',
        'step check',
        'step gate',
        'policy.decide llm.invoke',
        'step assess',
        'llm.invoke test.risk',
        'step score',
        'step announce',
      ]),
    );
    // The agent's consumer and the continuation consumer continue the same trace.
    expect(inTrace.filter((name) => /consume|process|receive/i.test(name)).length).toBeGreaterThanOrEqual(2);
    const model = exporter
      .getFinishedSpans()
      .find((span) => span.name === 'llm.invoke test.risk' && span.spanContext().traceId === traceId);
    expect(model?.attributes).toMatchObject({ 'gen_ai.system': 'deterministic' });
    expect(Number(model?.attributes['gen_ai.usage.input_tokens'])).toBeGreaterThan(0);
  });
});
