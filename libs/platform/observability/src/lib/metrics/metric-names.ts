/**
 * The metric names Baton exposes. They are a contract: alert rules and dashboards in `deploy/`
 * refer to them, and a workspace test checks that every name those files use exists here.
 */
export const METRIC_NAMES = {
  runs: 'baton_runs_total',
  runDuration: 'baton_run_duration_seconds',
  stepDuration: 'baton_step_duration_seconds',
  stepRetries: 'baton_step_retries_total',
  circuitState: 'baton_circuit_state',
  policyDecisions: 'baton_policy_decisions_total',
  llmCalls: 'baton_llm_calls_total',
  llmTokens: 'baton_llm_tokens_total',
  llmCost: 'baton_llm_cost_usd_total',
  deadLettered: 'baton_messages_dead_lettered_total',
  redelivered: 'baton_messages_redelivered_total',
  outboxLag: 'baton_outbox_lag_seconds',
  accessLogFailures: 'baton_access_log_failures_total',
  kpiValue: 'baton_kpi_value',
  kpiWithinBand: 'baton_kpi_within_band',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

/**
 * A breaker's state as a gauge value: 0 closed, 1 half-open, 2 open, 3 isolated (opened by
 * hand). Alerts fire on `>= 2`.
 */
export const CIRCUIT_STATE_VALUES = { closed: 0, 'half-open': 1, open: 2, isolated: 3 } as const;

export type CircuitStateName = keyof typeof CIRCUIT_STATE_VALUES;
