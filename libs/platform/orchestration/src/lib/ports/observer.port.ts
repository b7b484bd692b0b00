import type { ModelCallResult } from '@baton/contracts';

/** A circuit breaker's state, as cockatiel names them. */
export type CircuitState = 'closed' | 'open' | 'half-open' | 'isolated';

/**
 * What the engine reports as runs progress: the observability library implements it (metrics,
 * logs), tests count with it. Every method is optional and must not throw; the engine calls
 * them after the fact they describe has been committed.
 *
 * @example
 * const observer: OrchestrationObserver = { runFinished: ({ workflowId, outcome }) => runs.inc({ workflow: workflowId, outcome }) };
 */
export interface OrchestrationObserver {
  runStarted?(event: { workflowId: string; version: number; runId: string; tenantId: string }): void;
  runFinished?(event: {
    workflowId: string;
    runId: string;
    outcome: 'completed' | 'failed' | 'cancelled';
    durationMs: number;
  }): void;
  stepFinished?(event: {
    workflowId: string;
    stepId: string;
    kind: string;
    outcome: 'completed' | 'failed' | 'retrying';
    durationMs: number;
  }): void;
  stepRetryScheduled?(event: {
    workflowId: string;
    stepId: string;
    attempt: number;
    code: string;
    delayMs: number;
  }): void;
  circuitStateChanged?(event: { dependency: string; state: CircuitState }): void;
  policyDecided?(event: {
    workflowId: string;
    intent: string;
    effect: 'allow' | 'deny' | 'review';
    policyVersion: string;
  }): void;
  modelCalled?(event: { workflowId: string; stepId: string; call: ModelCallResult }): void;
}

/** An observer that observes nothing. */
export const noObserver: OrchestrationObserver = {};
