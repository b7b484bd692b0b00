import { Writable } from 'node:stream';
import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { SpanKind } from '@opentelemetry/api';
import { Logger } from 'nestjs-pino';
import { ObservabilityModule } from './observability.module';
import { BatonMetrics } from './metrics/baton-metrics';
import { setupTracing, ShutdownTracing } from './tracing/setup-tracing';
import type { SqlSource } from './kpi/compute-kpis';

@Controller('applications')
class ApplicationsController {
  constructor(private readonly metrics: BatonMetrics) {}

  @Get(':id')
  find() {
    this.metrics.policyDecided('loan.underwrite', 'loan.approve', 'allow');
    return { ok: true };
  }
}

const kpiRow = {
  vertical: 'loan',
  transactions: '4',
  succeeded: '3',
  failed: '1',
  cancelled: '0',
  in_flight: '0',
  p50: 120,
  p95: 300,
  p99: 480,
  model_cost: '0.5',
  steps: '10',
  model_calls: '4',
  avoided: '1',
};

describe('ObservabilityModule (HTTP)', () => {
  const exporter = new InMemorySpanExporter();
  const logLines: string[] = [];
  const queries: unknown[][] = [];
  const source: SqlSource = {
    query: async (_sql, parameters) => {
      queries.push(parameters ?? []);
      return [kpiRow];
    },
  };
  let shutdown: ShutdownTracing;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    shutdown = setupTracing({ serviceName: 'module-spec', exporter });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({
          metrics: new BatonMetrics(),
          kpi: { source, infraCostPerStepUsd: 0.01, now: () => new Date('2026-11-24T12:00:00.000Z') },
          logger: { service: 'loan-api', destination },
        }),
      ],
      controllers: [ApplicationsController],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
    await shutdown();
  });

  it('serves GET /metrics in the Prometheus text format', async () => {
    await fetch(`${base}/applications/a-1`);
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toContain(
      'baton_policy_decisions_total{workflow="loan.underwrite",intent="loan.approve",effect="allow"} 1',
    );
  });

  it('serves GET /kpi for the window asked, each figure beside its band', async () => {
    const response = await fetch(`${base}/kpi?from=2026-11-24T00:00:00Z&to=2026-11-24T06:00:00Z&vertical=loan`);
    expect(response.status).toBe(200);
    expect(queries.at(-1)).toEqual(['2026-11-24T00:00:00.000Z', '2026-11-24T06:00:00.000Z', 'loan']);
    const report = (await response.json()) as { verticals: unknown[] };
    expect(report.verticals[0]).toMatchObject({
      vertical: 'loan',
      successRate: { value: 0.75, band: { op: '>', limit: 0.995 }, ok: false },
      latencyMs: { p50: 120, p95: 300, p99: { value: 480, band: { op: '<', limit: 500 }, ok: true } },
      costPerTransactionUsd: { value: 0.15, band: { op: '<=', limit: 0.25 }, ok: true },
      modelCallsAvoided: 1,
    });
  });

  it('defaults /kpi to the last 24 hours by the injected clock', async () => {
    await fetch(`${base}/kpi`);
    expect(queries.at(-1)).toEqual(['2026-11-23T12:00:00.000Z', '2026-11-24T12:00:00.000Z', null]);
  });

  it.each([
    ['from=yesterday', 'from'],
    ['from=2026-11-24T06:00:00Z&to=2026-11-24T00:00:00Z', 'from'],
    ['vertical=Loan!', 'vertical'],
    ['window=7d', '(query)'],
  ])('answers a bad /kpi?%s with an RFC 9457 problem naming %s', async (query, field) => {
    const response = await fetch(`${base}/kpi?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem).toMatchObject({
      type: 'urn:baton:problem:invalid-kpi-query',
      title: 'Invalid KPI query',
      status: 400,
      instance: `/kpi?${query}`,
    });
    expect(problem.errors.map((issue: { field: string }) => issue.field)).toContain(field);
  });

  it('continues the caller’s trace in a SERVER span named by route, and logs the request with its trace id but not its credentials', async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await fetch(`${base}/applications/a-77`, {
      headers: {
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        authorization: 'Bearer s3cr3t-t0ken',
        'x-correlation-id': 'corr-9',
      },
    });
    const server = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER);
    expect(server).toMatchObject({
      name: 'GET /applications/:id',
      attributes: { 'http.route': '/applications/:id', 'http.response.status_code': 200 },
    });
    expect(server?.spanContext().traceId).toBe(traceId);
    expect(server?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    const line = logLines
      .map((text) => JSON.parse(text) as { req?: { url?: string } })
      .find((record) => record.req?.url === '/applications/a-77');
    expect(line).toMatchObject({
      service: 'loan-api',
      trace_id: traceId,
      correlationId: 'corr-9',
      req: { headers: { authorization: '[redacted]' } },
    });
    expect(logLines.join('\n')).not.toContain('s3cr3t-t0ken');
  });
});
