import { BatonMetrics } from './baton-metrics';
import { startMetricsServer, MetricsServer } from './metrics-server';

describe('startMetricsServer', () => {
  let server: MetricsServer;
  const metrics = new BatonMetrics();
  beforeAll(async () => {
    server = await startMetricsServer({ port: 0, registry: metrics.registry });
  });
  afterAll(() => server.close());

  it('serves the registry at GET /metrics in the Prometheus text format', async () => {
    metrics.deadLettered('q', 'INVALID_JSON');
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toContain('baton_messages_dead_lettered_total{queue="q",code="INVALID_JSON"} 1');
  });

  it('answers 404 to anything else', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});
