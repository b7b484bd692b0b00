import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Connection } from 'rabbitmq-client';
import { METRIC_NAMES, BatonMetrics, orchestrationObserver, setupTracing } from '@baton/observability';
import { DownstreamBreakers, type OrchestrationObserver } from '@baton/orchestration';
import { testEnv } from '@baton/testing';
import type { RunningWorker } from '../roles/worker-role';
import { startTestVertical, TestVertical } from '../testing/start-test-vertical';
import { appsVertical, appsWorker } from '../../../fixtures/engine/apps-vertical';
import { configureOutsideSystem } from '../../../fixtures/engine/outside-system';
import { finished, until } from '../../../fixtures/engine/until-run';

describe('the engine wired to @baton/observability: metrics after runs, one trace per run (real PostgreSQL and RabbitMQ)', () => {
  const exporter = new InMemorySpanExporter();
  const shutdownTracing = setupTracing({ serviceName: 'orchestration-test', exporter });
  let metrics: BatonMetrics;
  let observer: OrchestrationObserver;
  let apps: TestVertical;
  let orchestrator: RunningWorker;
  const raw = new Connection(testEnv.rabbitmqUrl);

  beforeAll(async () => {
    // The worker role as an app runs it: its metrics, the real model gateway on the deterministic
    // provider (so model calls carry tokens and cost), the suites' policy in place of a policy
    // engine. Replies go through the continuation queue, so its consumer continues the trace.
    apps = await startTestVertical(appsVertical, {
      suite: 'observability wiring',
      role: 'worker',
      // Half the backoff cap (125 ms first): with no delay at all, a fast engine spends all eight
      // attempts while the breaker is still open (100 ms) and the run fails instead of recovering.
      worker: appsWorker({ random: () => 0.5, localContinuation: false }),
    });
    orchestrator = apps.running.worker as RunningWorker;
    metrics = apps.running.metrics;
    observer = orchestrationObserver(metrics);
  });

  afterAll(async () => {
    configureOutsideSystem({ verdict: () => 'ok', breakers: null });
    await apps?.stop();
    await raw.close();
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
      { routingKey: apps.topology.continuation.name, messageId: 'not-json' },
      Buffer.from('{ not json'),
    );
    await publisher.close();

    const deadline = Date.now() + 10_000;
    let text = await metrics.registry.metrics();
    while (!text.includes('baton_messages_dead_lettered_total{') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      text = await metrics.registry.metrics();
    }
    // The API role's own metrics (access-log failures, the event store's KPI gauges) have their
    // tests where an API serves them (@baton/http's access log, triage's KPIs).
    const apiOnly: string[] = [METRIC_NAMES.accessLogFailures, METRIC_NAMES.kpiValue, METRIC_NAMES.kpiWithinBand];
    for (const name of (Object.values(METRIC_NAMES) as string[]).filter((name) => !apiOnly.includes(name)))
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
