import type { BatonMetrics } from './baton-metrics';
import type { CircuitStateName } from './metric-names';

/**
 * The orchestration engine's observer port, restated structurally: `@baton/orchestration`
 * depends on observability through this port, never the reverse, so it is not imported here.
 * A workspace test checks that the two stay assignable.
 */
export interface ObserverForOrchestration {
  runStarted(event: { workflowId: string; version: number; runId: string; tenantId: string }): void;
  runFinished(event: {
    workflowId: string;
    runId: string;
    outcome: 'completed' | 'failed' | 'cancelled';
    durationMs: number;
  }): void;
  stepFinished(event: {
    workflowId: string;
    stepId: string;
    kind: string;
    outcome: 'completed' | 'failed' | 'retrying';
    durationMs: number;
  }): void;
  stepRetryScheduled(event: {
    workflowId: string;
    stepId: string;
    attempt: number;
    code: string;
    delayMs: number;
  }): void;
  circuitStateChanged(event: { dependency: string; state: CircuitStateName }): void;
  policyDecided(event: {
    workflowId: string;
    intent: string;
    effect: 'allow' | 'deny' | 'review';
    policyVersion: string;
  }): void;
  modelCalled(event: {
    workflowId: string;
    stepId: string;
    call: { provider: string; model: string; usage: { inputTokens: number; outputTokens: number }; costUsd: number };
  }): void;
}

/**
 * Adapts {@link BatonMetrics} to the orchestration engine's `OrchestrationObserver`. Run and
 * tenant ids are dropped (unbounded label values); an observer must never throw into the
 * engine, so a failure to record is swallowed.
 *
 * @example
 * const engine = new OrchestrationEngine({ ...deps, observer: orchestrationObserver(metrics) });
 */
export function orchestrationObserver(metrics: BatonMetrics): ObserverForOrchestration {
  return {
    // A run that starts in one process may finish in another: nothing per-process to count.
    runStarted: () => undefined,
    runFinished: (event) => safely(() => metrics.runFinished(event.workflowId, event.outcome, event.durationMs / 1000)),
    stepFinished: (event) =>
      safely(() =>
        metrics.stepFinished(event.workflowId, event.stepId, event.kind, event.outcome, event.durationMs / 1000),
      ),
    stepRetryScheduled: (event) => safely(() => metrics.stepRetryScheduled(event.workflowId, event.stepId, event.code)),
    circuitStateChanged: (event) => safely(() => metrics.circuitStateChanged(event.dependency, event.state)),
    policyDecided: (event) => safely(() => metrics.policyDecided(event.workflowId, event.intent, event.effect)),
    modelCalled: ({ workflowId, call }) =>
      safely(() =>
        metrics.modelCalled({
          workflow: workflowId,
          provider: call.provider,
          model: call.model,
          inputTokens: call.usage.inputTokens,
          outputTokens: call.usage.outputTokens,
          costUsd: call.costUsd,
        }),
      ),
  };
}

function safely(record: () => void): void {
  try {
    record();
  } catch {
    // Metrics are never worth failing a run for.
  }
}
