import type { MessagingMetrics } from '@baton/messaging';
import type { OrchestrationObserver } from '@baton/orchestration';
import type { AccessLogMetrics } from '@baton/state-store';
import { BatonMetrics, orchestrationObserver } from '@baton/observability';

// @baton/observability restates the orchestration and messaging ports structurally instead of
// importing them (orchestration depends on observability through ports, never the reverse).
// These assignments are checked by `tsc -p tools` (the tools project's typecheck target): if a
// port changes shape, the workspace stops type-checking here.
describe('observability implements the orchestration, messaging and access-log ports', () => {
  it('plugs BatonMetrics into the ports and counts through them', async () => {
    const metrics = new BatonMetrics();
    const observer: OrchestrationObserver = orchestrationObserver(metrics);
    const messaging: MessagingMetrics = metrics;
    const accessLog: AccessLogMetrics = metrics;
    observer.runFinished?.({ workflowId: 'loan.underwrite', runId: 'r-1', outcome: 'failed', durationMs: 1200 });
    messaging.deadLettered('loan.kyc.check.v1', 'INVALID_JSON');
    accessLog.accessLogFailed('encounter');
    const text = await metrics.registry.metrics();
    expect(text).toContain('baton_runs_total{workflow="loan.underwrite",outcome="failed"} 1');
    expect(text).toContain('baton_messages_dead_lettered_total{queue="loan.kyc.check.v1",code="INVALID_JSON"} 1');
    expect(text).toContain('baton_access_log_failures_total{view="encounter"} 1');
  });
});
